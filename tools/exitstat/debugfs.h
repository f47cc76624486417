/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debugfs.h: the parser of the patched KVM's debugfs exit_stats files,
 * apart from the source so that tests feed it recorded files.
 */
#ifndef EXITSTAT_DEBUGFS_H
#define EXITSTAT_DEBUGFS_H

#include <stdio.h>

#include "source.h"

#define DEBUGFS_KVM_DIR		"/sys/kernel/debug/kvm"
#define DEBUGFS_FILE		"exit_stats"

/*
 * Parse one exit_stats file into @snap (snapshot_init()ed here, with the
 * vendor of the header, else @fallback).  @path names the file in errors.
 */
int debugfs_parse(FILE *f, const char *path, enum vendor fallback,
		  struct snapshot *snap, struct xerr *e);

#endif /* EXITSTAT_DEBUGFS_H */
