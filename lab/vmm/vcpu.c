// SPDX-License-Identifier: GPL-2.0
/* One vCPU: creation, initial registers, CPUID and MP state. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "vmm.h"

/* Error on stderr naming the vCPU; one write, so lines do not mix. */
void vcpu_err(const struct vcpu *vcpu, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vmm_err("vCPU %u: %s", vcpu->id, msg);
}

/* Supported CPUID, with this vCPU's index as its initial APIC ID. */
static int vcpu_set_cpuid(struct vcpu *vcpu)
{
	const struct kvm_cpuid2 *all = vcpu->vm->cpuid;
	struct kvm_cpuid2 *cpuid;
	size_t size;
	unsigned int i;
	int ret = 0;

	size = sizeof(*all) + all->nent * sizeof(all->entries[0]);
	cpuid = malloc(size);
	if (!cpuid) {
		vcpu_err(vcpu, "out of memory for its CPUID table");
		return EXIT_SETUP;
	}
	memcpy(cpuid, all, size);
	for (i = 0; i < cpuid->nent; i++) {
		struct kvm_cpuid_entry2 *e = &cpuid->entries[i];

		if (e->function == 1)
			e->ebx = (e->ebx & 0x00ffffff) | (vcpu->id << 24);
		else if (e->function == 0xb || e->function == 0x1f)
			e->edx = vcpu->id;
	}
	if (ioctl(vcpu->fd, KVM_SET_CPUID2, cpuid) < 0) {
		vcpu_err(vcpu, "KVM_SET_CPUID2 failed: %s", strerror(errno));
		ret = EXIT_SETUP;
	}
	free(cpuid);
	return ret;
}

static void seg_real(struct kvm_segment *seg, uint16_t selector)
{
	seg->selector = selector;
	seg->base = (uint64_t)selector << 4;
}

/* Real mode, CS = DS = ES = 0, a private stack per vCPU; see ports.h. */
static int vcpu_set_state(struct vcpu *vcpu)
{
	const struct vmm_opts *opts = vcpu->vm->opts;
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0) {
		vcpu_err(vcpu, "KVM_GET_SREGS failed: %s", strerror(errno));
		return EXIT_SETUP;
	}
	seg_real(&sregs.cs, 0);
	seg_real(&sregs.ds, 0);
	seg_real(&sregs.es, 0);
	seg_real(&sregs.fs, 0);
	seg_real(&sregs.gs, 0);
	seg_real(&sregs.ss, (STACK_BASE >> 4) + vcpu->id * (STACK_SIZE >> 4));
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sregs) < 0) {
		vcpu_err(vcpu, "KVM_SET_SREGS failed: %s", strerror(errno));
		return EXIT_SETUP;
	}

	memset(&regs, 0, sizeof(regs));
	regs.rip = PAYLOAD_ADDR;
	regs.rsp = STACK_TOP;
	regs.rflags = 0x2;		/* bit 1 is always set; IF = 0 */
	regs.rsi = vcpu->id;
	regs.rdi = opts->arg_a;
	regs.rbx = opts->arg_b;
	regs.rbp = opts->nr_vcpus;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0) {
		vcpu_err(vcpu, "KVM_SET_REGS failed: %s", strerror(errno));
		return EXIT_SETUP;
	}
	return EXIT_OK;
}

/* With an in-kernel LAPIC, APs would wait for INIT/SIPI: start them now. */
static int vcpu_set_runnable(struct vcpu *vcpu)
{
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };

	if (!vcpu->vm->opts->irqchip || vcpu->id == 0)
		return EXIT_OK;
	if (ioctl(vcpu->fd, KVM_SET_MP_STATE, &mp) < 0) {
		vcpu_err(vcpu, "KVM_SET_MP_STATE(RUNNABLE) failed: %s",
			 strerror(errno));
		return EXIT_SETUP;
	}
	return EXIT_OK;
}

int vcpu_create(struct vm *vm, unsigned int id)
{
	struct vcpu *vcpu = &vm->vcpus[id];
	int ret = EXIT_SETUP;

	memset(vcpu, 0, sizeof(*vcpu));
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->status = VCPU_RUNNING;
	vcpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, id);
	if (vcpu->fd < 0) {
		vcpu_err(vcpu, "KVM_CREATE_VCPU failed: %s", strerror(errno));
		return EXIT_SETUP;
	}
	vcpu->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		vcpu_err(vcpu, "cannot map its kvm_run area: %s",
			 strerror(errno));
		goto close_fd;
	}
	ret = vcpu_set_cpuid(vcpu);
	if (!ret)
		ret = vcpu_set_state(vcpu);
	if (!ret)
		ret = vcpu_set_runnable(vcpu);
	if (ret)
		goto unmap_run;
	return EXIT_OK;

unmap_run:
	munmap(vcpu->run, vcpu->vm->run_size);
close_fd:
	close(vcpu->fd);
	return ret;
}

void vcpu_destroy(struct vcpu *vcpu)
{
	munmap(vcpu->run, vcpu->vm->run_size);
	close(vcpu->fd);
}

const char *vcpu_status_name(enum vcpu_status status)
{
	switch (status) {
	case VCPU_DONE:
		return "done";
	case VCPU_FAILED:
		return "fail";
	case VCPU_RUNNING:
		break;
	}
	return "timeout";
}
