/* fuzz_replay — a main() for the fuzz targets without libFuzzer: feeds every file named,
 * and every file in every directory named, to LLVMFuzzerTestOneInput once. The normal
 * builds (gcc, plain and ASan) replay the seed corpora and the regression inputs this
 * way, as the fuzz_corpus_<target> tests: a crash found once stays found. */
#include "fuzz.h"
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

/* Runs the target on the file at PATH. 0, or -1 when it cannot be read. */
static int
s_replay_file (const char *path)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return -1;
    struct stat info;
    fstat (fileno (file), &info);
    size_t size = (size_t) info.st_size;
    uint8_t *data = malloc (size ? size : 1);
    size_t got = data ? fread (data, 1, size, file) : 0;
    fclose (file);
    if (!data || got != size) {
        free (data);
        return -1;
    }
    LLVMFuzzerTestOneInput (data, size);
    free (data);
    return 0;
}

/* Runs the target on PATH, or on each file in it; adds to *count. */
static int
s_replay (const char *path, size_t *count)
{
    struct stat info;
    if (stat (path, &info) != 0) {
        fprintf (stderr, "fuzz_replay: %s: no such file or directory\n", path);
        return -1;
    }
    if (!S_ISDIR (info.st_mode)) {
        *count += 1;
        return s_replay_file (path);
    }
    DIR *dir = opendir (path);
    struct dirent *entry;
    int rc = dir ? 0 : -1;
    while (dir && (entry = readdir (dir))) {
        char file[4096];
        snprintf (file, sizeof file, "%s/%s", path, entry->d_name);
        if (entry->d_name[0] == '.' || stat (file, &info) != 0 || !S_ISREG (info.st_mode))
            continue;
        *count += 1;
        if (s_replay_file (file) != 0) {
            fprintf (stderr, "fuzz_replay: cannot read %s\n", file);
            rc = -1;
        }
    }
    if (dir)
        closedir (dir);
    return rc;
}

int
main (int argc, char **argv)
{
    size_t count = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++)
        if (s_replay (argv[i], &count) != 0)
            rc = 1;
    printf ("%s: %zu inputs replayed\n", argv[0], count);
    return rc != 0 || count == 0;
}
