// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs_source.c: the host source.  Finds the exit_stats files of the
 * patched KVM (host-wide, the VMs of one process, one VM, one vCPU), reads
 * them with debugfs.c's parser and sums several VMs into one snapshot.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "debugfs.h"

#define DEBUGFS_MOUNT	"/sys/kernel/debug"
#define MAX_VMS		64

struct debugfs_priv {
	char *paths[MAX_VMS];
	unsigned int nr;
	char scope[16];
	char target[96];
	const char *root;		/* the kvm directory of debugfs */
	enum vendor fallback;		/* the CPU's, if a header has none */
};

/* Why can @path not be read?  Say what to do about it. */
static int explain(const char *root, const char *path, int err,
		   struct xerr *e)
{
	struct statfs fs;
	struct stat st;

	if (err == EACCES || err == EPERM)
		return xerr_set(e, -err,
				"cannot read %s (permission denied): debugfs is root-only; run exitstat as root on the host",
				path);
	if (err != ENOENT)
		return xerr_set(e, -err, "cannot read %s: %s", path,
				strerror(err));
	if (!strcmp(root, DEBUGFS_KVM_DIR) &&
	    (statfs(DEBUGFS_MOUNT, &fs) || fs.f_type != DEBUGFS_MAGIC))
		return xerr_set(e, -ENOENT,
				"debugfs is not mounted on %s: mount it (as root: mount -t debugfs none %s) on a host running the patched KVM",
				DEBUGFS_MOUNT, DEBUGFS_MOUNT);
	if (stat(root, &st))
		return xerr_set(e, -ENOENT,
				"no %s: the kvm module is not loaded; load the patched kvm modules (modprobe kvm_amd or kvm_intel)",
				root);
	return xerr_set(e, -ENOENT,
			"no %s: the loaded kvm module is a stock one; load the patched kvm modules",
			path);
}

static int debugfs_probe(const struct source_opts *o, struct xerr *e)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", o->debugfs_root, DEBUGFS_FILE);
	if (access(path, R_OK))
		return explain(o->debugfs_root, path, errno, e);
	return 0;
}

static int add_path(struct debugfs_priv *p, const char *root,
		    const char *vm, long vcpu, struct xerr *e)
{
	char path[PATH_MAX];

	if (p->nr == MAX_VMS)
		return xerr_set(e, -E2BIG, "more than %d VMs", MAX_VMS);
	if (vcpu >= 0)
		snprintf(path, sizeof(path), "%s/%s/vcpu%ld/%s", root, vm,
			 vcpu, DEBUGFS_FILE);
	else
		snprintf(path, sizeof(path), "%s/%s/%s", root, vm,
			 DEBUGFS_FILE);
	p->paths[p->nr] = strdup(path);
	if (!p->paths[p->nr])
		return xerr_set(e, -ENOMEM, "out of memory");
	p->nr++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The "<pid>-<fd>" directories of one process: one per VM it created. */
static int find_vms(const char *root, long pid, char **names,
		    unsigned int *nr, struct xerr *e)
{
	struct dirent *d;
	char prefix[32];
	size_t len;
	DIR *dir;

	dir = opendir(root);
	if (!dir) {
		int err = errno;

		return explain(root, root, err, e);
	}
	len = snprintf(prefix, sizeof(prefix), "%ld-", pid);
	*nr = 0;
	while ((d = readdir(dir)) && *nr < MAX_VMS) {
		const char *fd = d->d_name + len;

		if (strncmp(d->d_name, prefix, len) || !*fd ||
		    strspn(fd, "0123456789") != strlen(fd))
			continue;
		names[*nr] = strdup(d->d_name);
		if (!names[*nr])
			break;
		(*nr)++;
	}
	closedir(dir);
	qsort(names, *nr, sizeof(*names), cmp_str);
	if (!*nr)
		return xerr_set(e, -ESRCH,
				"no VM of pid %ld in %s: is it a KVM process (QEMU), and is the patched kvm module loaded?",
				pid, root);
	return 0;
}

static int pick_vms(struct debugfs_priv *p, const struct source_opts *o,
		    struct xerr *e)
{
	char *names[MAX_VMS];
	unsigned int nr = 0, i;
	int err;

	err = find_vms(o->debugfs_root, o->pid, names, &nr, e);
	if (!err && nr > 1 && o->vcpu >= 0)
		err = xerr_set(e, -EINVAL,
			       "pid %ld has %u VMs (%s, %s%s): choose one with --vm PID-FD",
			       o->pid, nr, names[0], names[1],
			       nr > 2 ? ", ..." : "");
	for (i = 0; !err && i < nr; i++)
		err = add_path(p, o->debugfs_root, names[i], o->vcpu, e);
	if (!err && nr > 1)
		snprintf(p->target, sizeof(p->target), "pid %ld, %u VMs summed",
			 o->pid, nr);
	else if (!err && o->vcpu >= 0)
		snprintf(p->target, sizeof(p->target), "vm %s vcpu%ld",
			 names[0], o->vcpu);
	else if (!err)
		snprintf(p->target, sizeof(p->target), "vm %s", names[0]);
	for (i = 0; i < nr; i++)
		free(names[i]);
	return err;
}

static int choose_files(struct debugfs_priv *p, const struct source_opts *o,
			struct xerr *e)
{
	char path[PATH_MAX];

	if (o->pid) {
		snprintf(p->scope, sizeof(p->scope), o->vcpu >= 0 ? "vcpu" : "vm");
		return pick_vms(p, o, e);
	}
	if (o->vm) {
		snprintf(p->scope, sizeof(p->scope), o->vcpu >= 0 ? "vcpu" : "vm");
		if (o->vcpu >= 0)
			snprintf(p->target, sizeof(p->target), "vm %s vcpu%ld",
				 o->vm, o->vcpu);
		else
			snprintf(p->target, sizeof(p->target), "vm %s", o->vm);
		return add_path(p, o->debugfs_root, o->vm, o->vcpu, e);
	}
	snprintf(p->scope, sizeof(p->scope), "host");
	snprintf(p->target, sizeof(p->target), "all VMs since module load");
	snprintf(path, sizeof(path), "%s/%s", o->debugfs_root, DEBUGFS_FILE);
	p->paths[0] = strdup(path);
	if (!p->paths[0])
		return xerr_set(e, -ENOMEM, "out of memory");
	p->nr = 1;
	return 0;
}

static int parse_path(struct debugfs_priv *p, const char *path,
		      struct snapshot *snap, struct xerr *e)
{
	FILE *f;
	int err;

	f = fopen(path, "r");
	if (!f) {
		err = errno;
		if (err == ENOENT && strcmp(p->scope, "host"))
			return xerr_set(e, -ENOENT,
					"no %s: no such VM or vCPU (the VMs are the <pid>-<fd> directories of %s)",
					path, p->root);
		return explain(p->root, path, err, e);
	}
	err = debugfs_parse(f, path, p->fallback, snap, e);
	fclose(f);
	return err;
}

static void debugfs_close(struct source *s)
{
	struct debugfs_priv *p = s->priv;
	unsigned int i;

	if (!p)
		return;
	for (i = 0; i < p->nr; i++)
		free(p->paths[i]);
	free(p);
	s->priv = NULL;
}

static int debugfs_read(struct source *s, struct snapshot *snap,
			struct xerr *e)
{
	static struct snapshot one;
	struct debugfs_priv *p = s->priv;
	unsigned int i;
	int err;

	for (i = 0; i < p->nr; i++) {
		one.source = snap->source;
		err = parse_path(p, p->paths[i], &one, e);
		if (err)
			return err;
		if (one.vendor != s->vendor)
			return xerr_set(e, -EINVAL,
					"%s: vendor=%s, but the first read was vendor=%s",
					p->paths[i], vendor_name(one.vendor),
					vendor_name(s->vendor));
		snapshot_add(snap, &one);
		if (p->nr == 1 && one.scope[0])
			memcpy(snap->scope, one.scope, sizeof(snap->scope));
	}
	if (p->nr > 1 || !snap->scope[0])
		memcpy(snap->scope, p->scope, sizeof(snap->scope));
	memcpy(snap->target, p->target, sizeof(snap->target));
	return 0;
}

/* Opening reads once: the files must parse, and they give the vendor. */
static int debugfs_open(struct source *s, const struct source_opts *o,
			struct xerr *e)
{
	static struct snapshot first;
	struct debugfs_priv *p;
	int err;

	p = calloc(1, sizeof(*p));
	if (!p)
		return xerr_set(e, -ENOMEM, "out of memory");
	s->priv = p;
	p->root = o->debugfs_root;
	p->fallback = cpu_vendor(o->cpuid);
	err = choose_files(p, o, e);
	if (!err) {
		first.source = s->ops->name;
		err = parse_path(p, p->paths[0], &first, e);
	}
	if (err) {
		debugfs_close(s);
		return err;
	}
	s->vendor = first.vendor;
	return 0;
}

const struct source_ops debugfs_source = {
	.name = "debugfs",
	.probe = debugfs_probe,
	.open = debugfs_open,
	.read = debugfs_read,
	.close = debugfs_close,
};
