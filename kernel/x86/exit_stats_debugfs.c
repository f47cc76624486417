// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-reason VM-exit statistics in debugfs:
 *
 *   kvm/exit_stats                  host-wide; writing to it resets all
 *   kvm/<pid>-<fd>/exit_stats       one VM (all its vCPUs)
 *   kvm/<pid>-<fd>/vcpuN/exit_stats one vCPU
 *
 * Line format, stable (version 1 in the header):
 *
 *   # exit_stats v1 vendor=svm|vmx scope=host|vm|vcpu exits=N cycles=N
 *   <reason> <name> <count> <total cycles> <min cycles> <max cycles>
 *
 * one line per reason with a non-zero count, by increasing reason number.
 * Spaces in reason names are printed as '_', so that every line has six
 * fields.  Exits with an exit code outside the vendor's ranges are counted
 * in an "other -" line, last.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include "exit_stats.h"

enum kvm_exit_stats_scope {
	KVM_EXIT_STATS_HOST,
	KVM_EXIT_STATS_VM,
	KVM_EXIT_STATS_VCPU,
};

static const char * const kvm_exit_stats_scope_names[] = {
	[KVM_EXIT_STATS_HOST] = "host",
	[KVM_EXIT_STATS_VM] = "vm",
	[KVM_EXIT_STATS_VCPU] = "vcpu",
};

static struct dentry *kvm_exit_stats_dentry;

static void kvm_exit_stats_seq_name(struct seq_file *m, const char *name)
{
	for (; *name; name++)
		seq_putc(m, *name == ' ' ? '_' : *name);
}

static void kvm_exit_stats_seq_table(struct seq_file *m, u32 vendor,
				     enum kvm_exit_stats_scope scope,
				     const struct kvm_exit_stat *s)
{
	struct kvm_exit_stat total;
	const char *name;
	u32 slot;

	kvm_exit_stats_total(s, &total);
	seq_printf(m, "# exit_stats v1 vendor=%s scope=%s exits=%llu cycles=%llu\n",
		   vendor == KVM_EXIT_STATS_VENDOR_SVM ? "svm" : "vmx",
		   kvm_exit_stats_scope_names[scope], total.count,
		   total.cycles);

	for (slot = 0; slot < KVM_EXIT_STATS_SLOTS; slot++) {
		if (!s[slot].count)
			continue;
		name = kvm_exit_stats_name(slot);
		if (name) {
			seq_printf(m, "%u ", kvm_exit_stats_reason(slot));
			kvm_exit_stats_seq_name(m, name);
		} else {
			seq_puts(m, "other -");
		}
		seq_printf(m, " %llu %llu %llu %llu\n", s[slot].count,
			   s[slot].cycles, s[slot].min, s[slot].max);
	}
}

static int kvm_exit_stats_show(struct seq_file *m,
			       enum kvm_exit_stats_scope scope)
{
	const struct kvm_exit_stats_ops *ops = kvm_exit_stats_get_ops();
	struct kvm_exit_stat *s;

	if (!ops)
		return -ENODEV;

	s = kcalloc(KVM_EXIT_STATS_SLOTS, sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;

	switch (scope) {
	case KVM_EXIT_STATS_HOST:
		kvm_exit_stats_sum_host(ops, s, 0, KVM_EXIT_STATS_SLOTS, false);
		break;
	case KVM_EXIT_STATS_VM:
		kvm_exit_stats_sum_vm(ops, m->private, s, 0,
				      KVM_EXIT_STATS_SLOTS, false);
		break;
	case KVM_EXIT_STATS_VCPU:
		kvm_exit_stats_sum_vcpu(s, ops->vcpu_stats(m->private), 0,
					KVM_EXIT_STATS_SLOTS, false);
		break;
	}

	kvm_exit_stats_seq_table(m, ops->vendor, scope, s);
	kfree(s);
	return 0;
}

static int kvm_exit_stats_host_show(struct seq_file *m, void *v)
{
	return kvm_exit_stats_show(m, KVM_EXIT_STATS_HOST);
}

static int kvm_exit_stats_vm_show(struct seq_file *m, void *v)
{
	return kvm_exit_stats_show(m, KVM_EXIT_STATS_VM);
}

static int kvm_exit_stats_vcpu_show(struct seq_file *m, void *v)
{
	return kvm_exit_stats_show(m, KVM_EXIT_STATS_VCPU);
}

static int kvm_exit_stats_host_open(struct inode *inode, struct file *file)
{
	return single_open(file, kvm_exit_stats_host_show, inode->i_private);
}

/* Any write resets all counters; debugfs is for root only. */
static ssize_t kvm_exit_stats_host_write(struct file *file,
					 const char __user *buf, size_t len,
					 loff_t *ppos)
{
	kvm_exit_stats_reset();
	return len;
}

static const struct file_operations kvm_exit_stats_host_fops = {
	.owner = THIS_MODULE,
	.open = kvm_exit_stats_host_open,
	.read = seq_read,
	.write = kvm_exit_stats_host_write,
	.llseek = seq_lseek,
	.release = single_release,
};

DEFINE_SHOW_ATTRIBUTE(kvm_exit_stats_vm);
DEFINE_SHOW_ATTRIBUTE(kvm_exit_stats_vcpu);

/*
 * kvm_main.c keeps its debugfs directory to itself: find it by name.  It
 * exists from kvm_init() on, and the vendor registers after kvm_init().
 */
void kvm_exit_stats_debugfs_init(void)
{
	struct dentry *dir = debugfs_lookup("kvm", NULL);

	if (!dir)
		return;
	kvm_exit_stats_dentry = debugfs_create_file("exit_stats", 0644, dir,
						    NULL,
						    &kvm_exit_stats_host_fops);
	dput(dir);
}

void kvm_exit_stats_debugfs_exit(void)
{
	debugfs_remove(kvm_exit_stats_dentry);
	kvm_exit_stats_dentry = NULL;
}

/* Removed with the VM's directory, before the vCPUs are destroyed. */
void kvm_exit_stats_create_vm_debugfs(struct kvm *kvm)
{
	debugfs_create_file("exit_stats", 0444, kvm->debugfs_dentry, kvm,
			    &kvm_exit_stats_vm_fops);
}

void kvm_exit_stats_create_vcpu_debugfs(struct kvm_vcpu *vcpu,
					struct dentry *dir)
{
	debugfs_create_file("exit_stats", 0444, dir, vcpu,
			    &kvm_exit_stats_vcpu_fops);
}
