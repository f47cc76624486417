// SPDX-License-Identifier: GPL-2.0
/* The KVM_RUN loop of a vCPU thread and what it does with each exit. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "vmm.h"

/* Room for "@fail <vcpu>" and PROTO_MAX_WORDS words. */
#define LINE_MAX_LEN	(16 + 9 * PROTO_MAX_WORDS + 2)

static void vcpu_print_rec(struct vcpu *vcpu, const char *tag)
{
	char line[LINE_MAX_LEN];

	/* One fputs per line: stdio locks the stream, lines stay whole. */
	if (proto_format(line, sizeof(line), tag, vcpu->id, &vcpu->rec) > 0)
		fputs(line, stdout);
	proto_clear(&vcpu->rec);
}

static enum vcpu_status vcpu_fail_words(struct vcpu *vcpu, bool exception)
{
	char why[256];

	if (exception)
		proto_describe_exception(why, sizeof(why), &vcpu->rec);
	else
		snprintf(why, sizeof(why),
			 "payload reported failure (CMD_FAIL); the %u word(s) on its @fail line are explained in the payload's header comment",
			 vcpu->rec.nr_words);
	vcpu_print_rec(vcpu, "@fail");
	vcpu_err(vcpu, "%s", why);
	return VCPU_FAILED;
}

static enum vcpu_status vcpu_handle_io(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	struct proto_io io = {
		.out = run->io.direction == KVM_EXIT_IO_OUT,
		.port = run->io.port,
		.size = run->io.size,
		.count = run->io.count,
		.data = (uint8_t *)run + run->io.data_offset,
	};
	char err[256];

	switch (proto_handle_io(&vcpu->rec, &io, err, sizeof(err))) {
	case PROTO_NONE:
		return VCPU_RUNNING;
	case PROTO_REC:
		vcpu_print_rec(vcpu, "@rec");
		return VCPU_RUNNING;
	case PROTO_DONE:
		vcpu->done_seen = true;
		/* With -I, HLT would block inside KVM: end right here. */
		return vcpu->vm->opts->irqchip ? VCPU_DONE : VCPU_RUNNING;
	case PROTO_FAIL:
		return vcpu_fail_words(vcpu, false);
	case PROTO_EXCEPTION:
		return vcpu_fail_words(vcpu, true);
	case PROTO_ERROR:
		break;
	}
	vcpu_err(vcpu, "%s", err);
	return VCPU_FAILED;
}

static enum vcpu_status vcpu_shutdown(struct vcpu *vcpu)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (ioctl(vcpu->fd, KVM_GET_REGS, &regs) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0) {
		vcpu_err(vcpu, "guest shut down (triple fault); its registers are unreadable: %s",
			 strerror(errno));
		return VCPU_FAILED;
	}
	vcpu_err(vcpu, "guest shut down (triple fault) at cs:ip %04x:%04llx (rip 0x%llx, sp 0x%llx); the payload wrecked its stack or IVT",
		 sregs.cs.selector, regs.rip & 0xffff, regs.rip, regs.rsp);
	return VCPU_FAILED;
}

static const char *internal_error_name(uint32_t suberror)
{
	switch (suberror) {
	case KVM_INTERNAL_ERROR_EMULATION:
		return "instruction emulation failed";
	case KVM_INTERNAL_ERROR_SIMUL_EX:
		return "exception while delivering an exception";
	case KVM_INTERNAL_ERROR_DELIVERY_EV:
		return "exit while delivering an event";
	case KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON:
		return "unexpected hardware exit reason";
	}
	return "unknown suberror";
}

static enum vcpu_status vcpu_internal_error(struct vcpu *vcpu)
{
	const struct kvm_run *run = vcpu->run;
	char data[16 * 19 + 1] = "";
	size_t pos = 0;
	uint32_t i, n = run->internal.ndata;

	if (n > sizeof(run->internal.data) / sizeof(run->internal.data[0]))
		n = sizeof(run->internal.data) / sizeof(run->internal.data[0]);
	for (i = 0; i < n; i++)
		pos += snprintf(data + pos, sizeof(data) - pos, " 0x%llx",
				(unsigned long long)run->internal.data[i]);
	vcpu_err(vcpu, "KVM internal error, suberror %u (%s), %u data words:%s",
		 run->internal.suberror,
		 internal_error_name(run->internal.suberror),
		 run->internal.ndata, n ? data : " none");
	return VCPU_FAILED;
}

static enum vcpu_status vcpu_handle_exit(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		return vcpu_handle_io(vcpu);
	case KVM_EXIT_HLT:
		/* Before CMD_DONE an HLT is a counted instruction: resume. */
		return vcpu->done_seen ? VCPU_DONE : VCPU_RUNNING;
	case KVM_EXIT_MMIO:
		vcpu_err(vcpu, "guest %s %u bytes at guest-physical 0x%llx, outside its %u MiB of RAM (MMIO exit); payloads must stay in guest memory",
			 run->mmio.is_write ? "wrote" : "read", run->mmio.len,
			 (unsigned long long)run->mmio.phys_addr,
			 vcpu->vm->opts->mem_mib);
		return VCPU_FAILED;
	case KVM_EXIT_SHUTDOWN:
		return vcpu_shutdown(vcpu);
	case KVM_EXIT_FAIL_ENTRY:
		vcpu_err(vcpu, "KVM could not enter the guest: hardware_entry_failure_reason 0x%llx on host CPU %u",
			 (unsigned long long)run->fail_entry.hardware_entry_failure_reason,
			 run->fail_entry.cpu);
		return VCPU_FAILED;
	case KVM_EXIT_INTERNAL_ERROR:
		return vcpu_internal_error(vcpu);
	}
	vcpu_err(vcpu, "unexpected KVM exit reason %u (see KVM_EXIT_* in linux/kvm.h); testvmm does not handle it",
		 run->exit_reason);
	return VCPU_FAILED;
}

static void vcpu_finish(struct vcpu *vcpu, enum vcpu_status status)
{
	struct vm *vm = vcpu->vm;

	pthread_mutex_lock(&vm->lock);
	vcpu->status = status;
	vm->nr_running--;
	pthread_cond_signal(&vm->finished);
	pthread_mutex_unlock(&vm->lock);
}

/* Thread body: run until the vCPU is done or fails; no output per exit. */
void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;
	enum vcpu_status status = VCPU_RUNNING;
	uint64_t exits = 0;

	while (status == VCPU_RUNNING) {
		if (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			vcpu_err(vcpu, "KVM_RUN failed: %s", strerror(errno));
			status = VCPU_FAILED;
			break;
		}
		__atomic_store_n(&vcpu->user_exits, ++exits, __ATOMIC_RELAXED);
		status = vcpu_handle_exit(vcpu);
	}
	vcpu_finish(vcpu, status);
	return NULL;
}
