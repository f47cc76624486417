// SPDX-License-Identifier: GPL-2.0
/* /dev/kvm and the VM: capabilities, guest RAM, irqchip, supported CPUID. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "vmm.h"

#define KVM_DEV			"/dev/kvm"
/* Three pages VMX needs for real mode without unrestricted guest. */
#define KVM_TSS_ADDR		0xfffbd000UL
#define CPUID_MAX_ENTRIES	4096

static int kvm_check_caps(int kvm_fd, const struct vmm_opts *opts)
{
	int max;

	if (ioctl(kvm_fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		vmm_err("%s speaks an unknown KVM API version; this testvmm needs version %d",
			KVM_DEV, KVM_API_VERSION);
		return EXIT_SETUP;
	}
	if (!ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_EXT_CPUID)) {
		vmm_err("this KVM lacks KVM_CAP_EXT_CPUID; testvmm needs an x86 KVM");
		return EXIT_SETUP;
	}
	if (opts->irqchip &&
	    (!ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IRQCHIP) ||
	     !ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MP_STATE))) {
		vmm_err("this KVM has no in-kernel irqchip; run without -I");
		return EXIT_SETUP;
	}
	max = ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);
	if (max > 0 && opts->nr_vcpus > (unsigned int)max) {
		vmm_err("this KVM allows at most %d vCPUs per VM; use -c %d or fewer",
			max, max);
		return EXIT_SETUP;
	}
	return EXIT_OK;
}

int kvm_open(int *kvm_fd, const struct vmm_opts *opts)
{
	int fd, ret;

	fd = open(KVM_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			vmm_err("'%s' not found: load kvm and kvm-amd/kvm-intel first",
				KVM_DEV);
		else if (errno == EACCES || errno == EPERM)
			vmm_err("cannot open '%s': %s; run as root or as a member of its group",
				KVM_DEV, strerror(errno));
		else
			vmm_err("cannot open '%s': %s; is kvm-amd/kvm-intel loaded and is virtualization enabled?",
				KVM_DEV, strerror(errno));
		return EXIT_SETUP;
	}
	ret = kvm_check_caps(fd, opts);
	if (ret) {
		close(fd);
		return ret;
	}
	*kvm_fd = fd;
	return EXIT_OK;
}

static struct kvm_cpuid2 *kvm_supported_cpuid(int kvm_fd)
{
	struct kvm_cpuid2 *cpuid;
	unsigned int nent;
	int err;

	for (nent = 64; nent <= CPUID_MAX_ENTRIES; nent *= 2) {
		cpuid = calloc(1, sizeof(*cpuid) +
			       nent * sizeof(cpuid->entries[0]));
		if (!cpuid)
			break;
		cpuid->nent = nent;
		if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid) == 0)
			return cpuid;
		err = errno;
		free(cpuid);
		if (err != E2BIG) {
			vmm_err("KVM_GET_SUPPORTED_CPUID failed: %s", strerror(err));
			return NULL;
		}
	}
	vmm_err("KVM_GET_SUPPORTED_CPUID: no room for the CPUID table (tried %u entries)",
		CPUID_MAX_ENTRIES);
	return NULL;
}

static int vm_add_memory(struct vm *vm)
{
	struct kvm_userspace_memory_region region;

	vm->mem_size = (size_t)vm->opts->mem_mib << 20;
	vm->mem = mmap(NULL, vm->mem_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->mem == MAP_FAILED) {
		vmm_err("cannot allocate %u MiB of guest memory: %s; try a smaller -m",
			vm->opts->mem_mib, strerror(errno));
		return EXIT_SETUP;
	}

	memset(&region, 0, sizeof(region));
	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = vm->mem_size;
	region.userspace_addr = (unsigned long)vm->mem;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		vmm_err("KVM_SET_USER_MEMORY_REGION (%u MiB at 0) failed: %s",
			vm->opts->mem_mib, strerror(errno));
		munmap(vm->mem, vm->mem_size);
		return EXIT_SETUP;
	}
	return EXIT_OK;
}

static int vm_init_sync(struct vm *vm)
{
	pthread_condattr_t attr;

	if (pthread_condattr_init(&attr))
		return -1;
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (pthread_cond_init(&vm->finished, &attr)) {
		pthread_condattr_destroy(&attr);
		return -1;
	}
	pthread_condattr_destroy(&attr);
	if (pthread_mutex_init(&vm->lock, NULL)) {
		pthread_cond_destroy(&vm->finished);
		return -1;
	}
	return 0;
}

static int vm_create_vcpus(struct vm *vm)
{
	int ret;

	while (vm->nr_vcpus < vm->opts->nr_vcpus) {
		ret = vcpu_create(vm, vm->nr_vcpus);
		if (ret) {
			while (vm->nr_vcpus)
				vcpu_destroy(&vm->vcpus[--vm->nr_vcpus]);
			return ret;
		}
		vm->nr_vcpus++;
	}
	return EXIT_OK;
}

/* The VM file descriptor, with what real mode on VMX needs. */
static int vm_create_fd(struct vm *vm)
{
	vm->run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm->run_size <= 0) {
		vmm_err("KVM_GET_VCPU_MMAP_SIZE failed: %s", strerror(errno));
		return EXIT_SETUP;
	}
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0) {
		vmm_err("KVM_CREATE_VM failed: %s", strerror(errno));
		return EXIT_SETUP;
	}
	if (ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, KVM_TSS_ADDR) < 0) {
		vmm_err("KVM_SET_TSS_ADDR failed: %s", strerror(errno));
		close(vm->vm_fd);
		return EXIT_SETUP;
	}
	return EXIT_OK;
}

int vm_create(struct vm *vm, int kvm_fd, const struct vmm_opts *opts)
{
	int ret;

	memset(vm, 0, sizeof(*vm));
	vm->opts = opts;
	vm->kvm_fd = kvm_fd;
	if (vm_init_sync(vm)) {
		vmm_err("cannot initialise thread synchronisation");
		return EXIT_SETUP;
	}
	ret = vm_create_fd(vm);
	if (ret)
		goto destroy_sync;
	ret = vm_add_memory(vm);
	if (ret)
		goto close_vm;
	ret = EXIT_SETUP;
	if (opts->irqchip && ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0) {
		vmm_err("KVM_CREATE_IRQCHIP failed: %s; run without -I",
			strerror(errno));
		goto unmap_mem;
	}
	vm->cpuid = kvm_supported_cpuid(kvm_fd);
	if (!vm->cpuid)
		goto unmap_mem;
	guest_load(vm->mem, opts->payload, opts->payload_size);
	ret = vm_create_vcpus(vm);
	if (ret)
		goto free_cpuid;
	return EXIT_OK;

free_cpuid:
	free(vm->cpuid);
unmap_mem:
	munmap(vm->mem, vm->mem_size);
close_vm:
	close(vm->vm_fd);
destroy_sync:
	pthread_mutex_destroy(&vm->lock);
	pthread_cond_destroy(&vm->finished);
	return ret;
}

/* Undo vm_create(); all vCPU threads must have ended. */
void vm_destroy(struct vm *vm)
{
	while (vm->nr_vcpus)
		vcpu_destroy(&vm->vcpus[--vm->nr_vcpus]);
	free(vm->cpuid);
	munmap(vm->mem, vm->mem_size);
	close(vm->vm_fd);
	pthread_mutex_destroy(&vm->lock);
	pthread_cond_destroy(&vm->finished);
}
