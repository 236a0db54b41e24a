/* Unit tests of client/private_file: a file the client writes for its user (an exported
 * report) is 0600 whatever the umask, never replaces an existing file unless asked to,
 * and leaves no temporary file behind, whether it succeeds or not. */
#include "unit.h"
#include "private_file.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char s_directory[64];

static int
s_make_directory (void **state)
{
    (void) state;
    snprintf (s_directory, sizeof s_directory, "/tmp/xuncha-private-XXXXXX");
    return mkdtemp (s_directory) ? 0 : -1;
}

/* Empties and removes the directory. */
static int
s_remove_directory (void **state)
{
    (void) state;
    DIR *dir = opendir (s_directory);
    struct dirent *entry;
    while (dir && (entry = readdir (dir)))
        if (strcmp (entry->d_name, ".") != 0 && strcmp (entry->d_name, "..") != 0) {
            char path[512];
            snprintf (path, sizeof path, "%s/%s", s_directory, entry->d_name);
            unlink (path);
        }
    if (dir)
        closedir (dir);
    return rmdir (s_directory);
}

/* The names in the directory, joined by spaces. */
static void
s_listing (char *buf, size_t size)
{
    buf[0] = '\0';
    DIR *dir = opendir (s_directory);
    assert_non_null (dir);
    struct dirent *entry;
    while ((entry = readdir (dir)))
        if (strcmp (entry->d_name, ".") != 0 && strcmp (entry->d_name, "..") != 0)
            snprintf (buf + strlen (buf), size - strlen (buf), "%s%s", *buf ? " " : "", entry->d_name);
    closedir (dir);
}

static void
s_assert_file (const char *path, const char *content)
{
    struct stat st;
    assert_int_equal (stat (path, &st), 0);
    assert_int_equal (st.st_mode & 0777, 0600);
    char buf[128] = "";
    FILE *file = fopen (path, "rb");
    assert_non_null (file);
    size_t n = fread (buf, 1, sizeof buf - 1, file);
    fclose (file);
    buf[n] = '\0';
    assert_string_equal (buf, content);
}

static void
test_written_whole_and_private (void **state)
{
    (void) state;
    char path[128], listing[256];
    snprintf (path, sizeof path, "%s/报告.md", s_directory);
    mode_t old = umask (0);   /* a lax umask: the file is 0600 all the same */
    assert_int_equal (xc_private_file_write (path, (const uint8_t *) "第一版", strlen ("第一版"), 0), 0);
    umask (old);
    s_assert_file (path, "第一版");

    /* an existing file is kept unless replacing is asked for */
    assert_int_equal (xc_private_file_check (path, 0), -1);
    assert_int_equal (xc_private_file_check (path, 1), 0);
    assert_int_equal (xc_private_file_write (path, (const uint8_t *) "第二版", strlen ("第二版"), 0), -1);
    s_assert_file (path, "第一版");
    s_listing (listing, sizeof listing);
    assert_string_equal (listing, "报告.md");   /* no temporary file left */

    assert_int_equal (xc_private_file_write (path, (const uint8_t *) "第二版", strlen ("第二版"), 1), 0);
    s_assert_file (path, "第二版");
    s_listing (listing, sizeof listing);
    assert_string_equal (listing, "报告.md");

    /* an empty file is a file */
    snprintf (path, sizeof path, "%s/empty.md", s_directory);
    assert_int_equal (xc_private_file_write (path, (const uint8_t *) "", 0, 0), 0);
    s_assert_file (path, "");
}

static void
test_a_missing_directory_writes_nothing (void **state)
{
    (void) state;
    char path[128];
    snprintf (path, sizeof path, "%s/没有这个目录/报告.docx", s_directory);
    assert_int_equal (xc_private_file_check (path, 0), 0);   /* absent: may be written */
    assert_int_equal (xc_private_file_write (path, (const uint8_t *) "x", 1, 1), -1);
    struct stat st;
    assert_int_equal (stat (path, &st), -1);
}

int
main (void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown (test_written_whole_and_private, s_make_directory, s_remove_directory),
        cmocka_unit_test_setup_teardown (test_a_missing_directory_writes_nothing, s_make_directory, s_remove_directory),
    };
    return cmocka_run_group_tests (tests, NULL, NULL);
}
