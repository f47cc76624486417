// SPDX-License-Identifier: GPL-2.0
/*
 * Print the exit reason tables of the ABI header as "vendor<TAB>code<TAB>name"
 * lines, for the lab's shell scenarios (busybox awk cannot read C headers).
 */
#include <stdio.h>
#include <asm/kvm_exit_stats.h>

struct reason {
	unsigned int code;
	const char *name;
};

static const struct reason vmx[] = KVM_EXIT_STATS_VMX_REASONS;
static const struct reason svm[] = KVM_EXIT_STATS_SVM_REASONS;

static void dump(const char *vendor, const struct reason *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%s\t%u\t%s\n", vendor, r[i].code, r[i].name);
}

int main(void)
{
	dump("vmx", vmx, sizeof(vmx) / sizeof(vmx[0]));
	dump("svm", svm, sizeof(svm) / sizeof(svm[0]));
	return 0;
}
