/* SPDX-License-Identifier: GPL-2.0 */
/* Shared types of testvmm: options, the VM and its vCPUs. */
#ifndef EXITSTAT_LAB_VMM_H
#define EXITSTAT_LAB_VMM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "proto.h"

#define PROG "testvmm"

/* Exit statuses, as documented in --help. */
#define EXIT_OK		0
#define EXIT_GUEST	1	/* guest failure or unexpected exit */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_SETUP	3	/* KVM could not be set up */
#define EXIT_TIMEOUT	4

struct vmm_opts {
	unsigned int nr_vcpus;
	unsigned int mem_mib;
	uint32_t arg_a;
	uint32_t arg_b;
	bool irqchip;
	unsigned int timeout_s;
	unsigned int repeat;
	bool hold;
	const char *payload_path;
	void *payload;			/* file contents */
	size_t payload_size;
};

enum vcpu_status {
	VCPU_RUNNING,
	VCPU_DONE,
	VCPU_FAILED,
};

struct vm;

struct vcpu {
	struct vm *vm;
	unsigned int id;
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	bool started;
	bool done_seen;			/* CMD_DONE received */
	enum vcpu_status status;	/* written under vm->lock */
	uint64_t user_exits;		/* read racily on timeout only */
	struct proto_rec rec;
};

struct vm {
	const struct vmm_opts *opts;
	int kvm_fd;
	int vm_fd;
	int run_size;
	void *mem;
	size_t mem_size;
	struct kvm_cpuid2 *cpuid;	/* as KVM supports it */
	struct vcpu vcpus[MAX_VCPUS];
	unsigned int nr_vcpus;		/* created so far */

	pthread_mutex_t lock;
	pthread_cond_t finished;	/* signalled when nr_running drops */
	unsigned int nr_running;
};

/* kvm.c: /dev/kvm and the VM. Each returns 0 or an EXIT_* status. */
int kvm_open(int *kvm_fd, const struct vmm_opts *opts);
int vm_create(struct vm *vm, int kvm_fd, const struct vmm_opts *opts);
void vm_destroy(struct vm *vm);

/* guest.c: guest memory contents. */
void guest_load(void *mem, const void *payload, size_t size);

/* vcpu.c: one vCPU's creation and initial state. */
int vcpu_create(struct vm *vm, unsigned int id);
void vcpu_destroy(struct vcpu *vcpu);
const char *vcpu_status_name(enum vcpu_status status);
void vcpu_err(const struct vcpu *vcpu, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* exit.c: the KVM_RUN loop of one vCPU thread. */
void *vcpu_thread(void *arg);

/* run.c: one VM lifetime: threads, deadline, hold, report. */
int run_once(const struct vmm_opts *opts, int kvm_fd, unsigned int round,
	     const struct timespec *deadline);
void run_deadline(struct timespec *deadline, unsigned int seconds);

/* Diagnostics on stderr, prefixed with the program name. */
void vmm_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* EXITSTAT_LAB_VMM_H */
