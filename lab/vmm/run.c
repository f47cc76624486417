// SPDX-License-Identifier: GPL-2.0
/* One VM lifetime: start the vCPU threads, wait under the deadline, hold, report. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vmm.h"

void run_deadline(struct timespec *deadline, unsigned int seconds)
{
	clock_gettime(CLOCK_MONOTONIC, deadline);
	deadline->tv_sec += seconds;
}

/* Time left until the deadline, or false if it has passed. */
static bool run_time_left(const struct timespec *deadline,
			  struct timespec *left)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left->tv_sec = deadline->tv_sec - now.tv_sec;
	left->tv_nsec = deadline->tv_nsec - now.tv_nsec;
	if (left->tv_nsec < 0) {
		left->tv_nsec += 1000000000L;
		left->tv_sec--;
	}
	return left->tv_sec >= 0;
}

static int run_start(struct vm *vm)
{
	unsigned int i;
	int err;

	for (i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *vcpu = &vm->vcpus[i];

		pthread_mutex_lock(&vm->lock);
		vm->nr_running++;
		pthread_mutex_unlock(&vm->lock);
		err = pthread_create(&vcpu->thread, NULL, vcpu_thread, vcpu);
		if (err) {
			pthread_mutex_lock(&vm->lock);
			vm->nr_running--;
			pthread_mutex_unlock(&vm->lock);
			vmm_err("cannot start the thread of vCPU %u: %s",
				i, strerror(err));
			return EXIT_SETUP;
		}
		vcpu->started = true;
	}
	return EXIT_OK;
}

/* Wait for every started vCPU; false if the deadline came first. */
static bool run_wait(struct vm *vm, const struct timespec *deadline)
{
	unsigned int i;
	bool all;
	int err = 0;

	pthread_mutex_lock(&vm->lock);
	while (vm->nr_running && err != ETIMEDOUT)
		err = pthread_cond_timedwait(&vm->finished, &vm->lock,
					     deadline);
	all = !vm->nr_running;
	pthread_mutex_unlock(&vm->lock);
	if (!all)
		return false;
	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].started)
			pthread_join(vm->vcpus[i].thread, NULL);
	return true;
}

static void run_report(struct vm *vm)
{
	unsigned int i;

	pthread_mutex_lock(&vm->lock);
	for (i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *vcpu = &vm->vcpus[i];

		printf("@vcpu %u user_exits=%llu status=%s\n", i,
		       (unsigned long long)__atomic_load_n(&vcpu->user_exits,
							   __ATOMIC_RELAXED),
		       vcpu_status_name(vcpu->status));
	}
	pthread_mutex_unlock(&vm->lock);
}

static void run_timeout(struct vm *vm, unsigned int round)
{
	char list[MAX_VCPUS * 4 + 1] = "";
	size_t pos = 0;
	unsigned int i;

	pthread_mutex_lock(&vm->lock);
	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].status == VCPU_RUNNING)
			pos += snprintf(list + pos, sizeof(list) - pos, " %u", i);
	pthread_mutex_unlock(&vm->lock);
	vmm_err("timeout: %u s (-t) ran out in round %u of %u; vCPUs not finished:%s; the payload may loop forever (HLT with -I?) or the lab is slow: raise -t",
		vm->opts->timeout_s, round, vm->opts->repeat, list);
}

/*
 * --hold: the VM still exists (its debugfs files too) until SIGUSR1,
 * SIGTERM or SIGINT arrives. SIGUSR1 is blocked since main() began, so
 * one sent early is not lost; the deadline still applies.
 */
static int run_hold(const struct vm *vm, const struct timespec *deadline)
{
	struct timespec left;
	sigset_t set, old;
	int sig, ret = EXIT_OK;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	printf("@held %d\n", (int)getpid());
	fflush(stdout);
	for (;;) {
		if (!run_time_left(deadline, &left)) {
			sig = -1;
			errno = EAGAIN;
		} else {
			sig = sigtimedwait(&set, NULL, &left);
		}
		if (sig > 0)
			break;
		if (errno == EINTR)
			continue;
		vmm_err("timeout: still held when %u s (-t) ran out; send SIGUSR1 to %d sooner or raise -t",
			vm->opts->timeout_s, (int)getpid());
		ret = EXIT_TIMEOUT;
		break;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ret;
}

static int run_status(const struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].status != VCPU_DONE)
			return EXIT_GUEST;
	return EXIT_OK;
}

/* Create, run and destroy one VM. Returns an EXIT_* status. */
int run_once(const struct vmm_opts *opts, int kvm_fd, unsigned int round,
	     const struct timespec *deadline)
{
	struct vm *vm;
	int ret, start, held;

	vm = calloc(1, sizeof(*vm));
	if (!vm) {
		vmm_err("out of memory");
		return EXIT_SETUP;
	}
	ret = vm_create(vm, kvm_fd, opts);
	if (ret)
		goto free_vm;

	start = run_start(vm);
	if (!run_wait(vm, deadline)) {
		run_timeout(vm, round);
		run_report(vm);
		/* Threads are still inside KVM_RUN: leave the VM to exit(). */
		return EXIT_TIMEOUT;
	}
	run_report(vm);
	ret = start ? start : run_status(vm);
	if (!start && opts->hold) {
		held = run_hold(vm, deadline);
		if (!ret)
			ret = held;
	}

	vm_destroy(vm);
free_vm:
	free(vm);
	return ret;
}
