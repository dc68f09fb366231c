/*
 * replay_main.c
 *		A main() for the libFuzzer targets without libFuzzer: feeds every
 *		file of the directories (or files) named on the command line to
 *		LLVMFuzzerTestOneInput once, so the test command builds each target
 *		with the project's compiler and replays its seed corpus (a target
 *		that no longer builds, or an input that aborts, fails the tests).
 *		`make fuzz` is the real fuzzing, with clang and sanitizers.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
	FILE	   *f = fopen(path, "rb");
	uint8_t    *buf;
	long		n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
		fseek(f, 0, SEEK_SET) != 0)
	{
		fprintf(stderr, "replay: cannot read %s\n", path);
		exit(1);
	}
	/* one byte more, so an empty input is a valid pointer too */
	buf = malloc((size_t) n + 1);
	if (buf == NULL || fread(buf, 1, (size_t) n, f) != (size_t) n)
	{
		fprintf(stderr, "replay: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t) n);
	free(buf);
	return 1;
}

int
main(int argc, char **argv)
{
	int			inputs = 0;

	for (int i = 1; i < argc; i++)
	{
		struct stat st;
		DIR		   *d;
		struct dirent *e;

		if (stat(argv[i], &st) != 0)
		{
			fprintf(stderr, "replay: no such file or directory: %s\n", argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode))
		{
			inputs += replay_file(argv[i]);
			continue;
		}
		if ((d = opendir(argv[i])) == NULL)
		{
			fprintf(stderr, "replay: cannot open %s\n", argv[i]);
			return 1;
		}
		while ((e = readdir(d)) != NULL)
		{
			char		path[4096];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			inputs += replay_file(path);
		}
		closedir(d);
	}
	printf("%s: %d inputs replayed\n", argv[0], inputs);
	return inputs > 0 ? 0 : 1;
}
