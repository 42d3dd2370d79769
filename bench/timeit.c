/*
 * timeit: run one shell command and print what it cost, as
 * "WALL CPU PEAK": wall-clock seconds (a monotonic clock read around the
 * run), user + system CPU seconds and the peak resident set in KiB of the
 * largest process of the command (a pipe's stages are each one process;
 * getrusage(2) reports the largest of the children reaped, and the shell
 * reaps every stage). The command reads /dev/null and writes to /dev/null,
 * so that a terminal or a pipe does not enter the figures; its stderr
 * stays. Exits with the command's status, so a failed run is seen.
 *
 * GNU time -f '%e %U %S %M' gives the same figures; this runner exists so
 * that bench/run needs nothing beyond a C compiler and POSIX tools.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static void
redirect(int fd, const char *path, int flags)
{
	int nfd = open(path, flags);

	if (nfd < 0 || dup2(nfd, fd) < 0) {
		perror(path);
		_exit(127);
	}
	close(nfd);
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int status;

	if (argc != 2) {
		fprintf(stderr, "usage: timeit COMMAND\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		redirect(0, "/dev/null", O_RDONLY);
		redirect(1, "/dev/null", O_WRONLY);
		execl("/bin/sh", "sh", "-c", argv[1], (char *)NULL);
		perror("/bin/sh");
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("waitpid");
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_CHILDREN, &ru);
	/* ru_maxrss is in KiB on Linux and the BSDs (bytes on macOS). */
	printf("%.4f %.4f %ld\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	    seconds(&ru.ru_utime) + seconds(&ru.ru_stime), ru.ru_maxrss);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
