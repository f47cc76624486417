// SPDX-License-Identifier: GPL-2.0
/*
 * trace_target.c: what the trace source follows besides the clock: a
 * command it starts (-- COMMAND: traced from its exec to its end, exactly)
 * or a running process (-p PID: traced until it ends).  Their end is seen
 * through a pidfd in the poll set where the kernel has pidfd_open (5.3+).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trace.h"

void trace_target_init(struct trace_target *t)
{
	memset(t, 0, sizeof(*t));
	t->go_fd = t->exec_fd = t->pidfd = -1;
}

static int pidfd_open(pid_t pid)
{
#ifdef SYS_pidfd_open
	return syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

/* -p PID: it must exist now; its end is the end of tracing. */
int trace_target_watch(struct trace_target *t, long pid, struct xerr *e)
{
	if (kill(pid, 0) && errno == ESRCH)
		return xerr_set(e, -ESRCH, "no process %ld", pid);
	t->pid = pid;
	t->pidfd = pidfd_open(pid);	/* else polled with kill(pid, 0) */
	return 0;
}

/* The child waits on a pipe until the events are open, then execs. */
int trace_target_spawn(struct trace_target *t, char *const *argv,
		       struct xerr *e)
{
	int go[2], ex[2], err;
	char c;

	if (pipe2(go, O_CLOEXEC))
		return xerr_set(e, -errno, "pipe: %s", strerror(errno));
	if (pipe2(ex, O_CLOEXEC)) {
		err = errno;
		goto err_go;
	}
	t->child = fork();
	if (t->child < 0) {
		err = errno;
		t->child = 0;
		goto err_ex;
	}
	if (!t->child) {
		close(go[1]);
		close(ex[0]);
		if (read(go[0], &c, 1) != 1)
			_exit(127);	/* exitstat gave up */
		execvp(argv[0], argv);
		err = errno;
		if (write(ex[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	close(go[0]);
	close(ex[1]);
	t->go_fd = go[1];
	t->exec_fd = ex[0];
	t->command = argv[0];
	t->pidfd = pidfd_open(t->child);
	return 0;

err_ex:
	close(ex[0]);
	close(ex[1]);
err_go:
	close(go[0]);
	close(go[1]);
	return xerr_set(e, -err, "cannot start %s: %s", argv[0], strerror(err));
}

/* Let the child exec; its events start counting at the exec. */
int trace_target_release(struct trace_target *t, struct xerr *e)
{
	ssize_t n;
	int err;

	n = write(t->go_fd, "g", 1);
	close(t->go_fd);
	t->go_fd = -1;
	if (n != 1)
		return xerr_set(e, -EIO, "cannot start %s", t->command);
	/* EOF at a successful exec (close-on-exec), an errno otherwise */
	do
		n = read(t->exec_fd, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(t->exec_fd);
	t->exec_fd = -1;
	if (n == sizeof(err)) {
		waitpid(t->child, NULL, 0);
		t->child = 0;
		return xerr_set(e, -err, "cannot run %s: %s", t->command,
				strerror(err));
	}
	return 0;
}

int trace_target_ended(struct trace_target *t)
{
	struct pollfd pf = { .fd = t->pidfd, .events = POLLIN };
	int status;

	if (t->ended)
		return 1;
	if (t->child) {
		if (waitpid(t->child, &status, WNOHANG) == t->child) {
			t->status = status;
			t->ended = 1;
		}
	} else if (t->pid) {
		/* A pidfd sees a zombie as ended; kill() does not */
		if (t->pidfd >= 0 ? poll(&pf, 1, 0) > 0 :
				    kill(t->pid, 0) && errno == ESRCH)
			t->ended = 1;
	}
	return t->ended;
}

/*
 * Ctrl-C: tracing a command, pass it on and trace until the command
 * ends (a second one kills it): 0.  Otherwise stop now: 1.
 */
int trace_target_signal(struct trace_target *t, struct stop_request *stop)
{
	if (!t->child || t->ended)
		return 1;
	if (t->forwarded < stop->count) {
		kill(t->child, stop->count > 1 ? SIGKILL : stop->sig);
		t->forwarded = stop->count;
	}
	return 0;
}

/* How the command ended: a failure is exitstat's failure too. */
int trace_target_status(const struct trace_target *t, struct xerr *e)
{
	int st = t->status;

	if (!t->child || !t->ended)
		return 0;
	if (WIFEXITED(st) && WEXITSTATUS(st))
		return xerr_set(e, -ECHILD, "%s exited with status %d",
				t->command, WEXITSTATUS(st));
	if (WIFSIGNALED(st))
		return xerr_set(e, -ECHILD, "%s was killed by signal %d (%s)",
				t->command, WTERMSIG(st),
				strsignal(WTERMSIG(st)));
	return 0;
}

void trace_target_close(struct trace_target *t)
{
	if (t->exec_fd >= 0)
		close(t->exec_fd);
	if (t->go_fd >= 0)
		close(t->go_fd);	/* never released: it exits, 127 */
	else if (t->child && !t->ended)
		kill(t->child, SIGTERM);	/* -n ended tracing first */
	if (t->child && !t->ended)
		waitpid(t->child, NULL, 0);
	if (t->pidfd >= 0)
		close(t->pidfd);
	trace_target_init(t);
}
