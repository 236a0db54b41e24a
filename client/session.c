/* session — see session.h. */
#include "session.h"
#include "cli.h"
#include "xc_codec.h"
#include "xc_keys.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

int
xc_session_init (xc_session_t *self, xc_config_t *config, int json)
{
    memset (self, 0, sizeof *self);
    self->config = config;
    self->json = json;
    self->rpc.endpoint = xc_config_get (config, "server");
    self->rpc.timeout_ms = (int) xc_config_get_long (config, "timeout_ms");
    self->rpc.retries = (int) xc_config_get_long (config, "retries");
    self->rpc.connect_wait_ms = (int) xc_config_get_long (config, "connect_wait_ms");
    self->rpc.max_frame = XC_MAX_REPLY;
    self->batch_entries = (int) xc_config_get_long (config, "sync_batch");
    self->chunk_bytes = (size_t) xc_config_get_long (config, "upload_chunk_kib") * 1024;
    self->sync_pause_ms = (int) xc_config_get_long (config, "sync_pause_ms");
    if (self->batch_entries < 1 || self->batch_entries > 256)
        self->batch_entries = 200;
    if (self->chunk_bytes < 1024 || self->chunk_bytes > 1024 * 1024)
        self->chunk_bytes = 256 * 1024;
    char error[512];
    if (xc_keys_public (xc_config_get (config, "server_key"), self->rpc.server_key) != 0) {
        fprintf (stderr, "xuncha: 未配置或无法读取服务器公钥（server_key）\n");
        return -1;
    }
    self->rpc.certificate = xc_keys_load (xc_config_get (config, "key_file"), error, sizeof error);
    if (!self->rpc.certificate) {
        fprintf (stderr, "xuncha: %s\n", error);
        return -1;
    }
    return 0;
}

/* Reads a passphrase from the terminal without echo into BUFFER; 0 or -1. */
static int
s_ask_passphrase (char *buffer, size_t size)
{
    FILE *tty = fopen ("/dev/tty", "r+");
    if (!tty)
        return -1;
    struct termios saved, quiet;
    int fd = fileno (tty);
    fputs ("本地日志口令：", tty);
    fflush (tty);
    int have_terminal = tcgetattr (fd, &saved) == 0;
    if (have_terminal) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t) ECHO;
        tcsetattr (fd, TCSAFLUSH, &quiet);
    }
    int rc = fgets (buffer, (int) size, tty) ? 0 : -1;
    if (have_terminal)
        tcsetattr (fd, TCSAFLUSH, &saved);
    fputs ("\n", tty);
    fclose (tty);
    buffer[strcspn (buffer, "\r\n")] = 0;
    return rc == 0 && *buffer ? 0 : -1;
}

void
xc_session_journal_options (xc_session_t *self, xc_journal_options_t *options, const char **passphrase_needed)
{
    memset (options, 0, sizeof *options);
    options->dir = xc_config_get (self->config, "journal_dir");
    options->public_key = zcert_public_key (self->rpc.certificate);
    options->secret_key = zcert_secret_key (self->rpc.certificate);
    *passphrase_needed = strcmp (xc_config_get (self->config, "journal_key"), "passphrase") == 0 ? "" : NULL;
}

int
xc_session_open_journal (xc_session_t *self)
{
    xc_journal_options_t options;
    const char *needed;
    xc_session_journal_options (self, &options, &needed);
    char passphrase[256] = "";
    if (needed) {
        const char *given = getenv ("XUNCHA_JOURNAL_PASSPHRASE");
        if (given && *given)
            snprintf (passphrase, sizeof passphrase, "%s", given);
        else if (s_ask_passphrase (passphrase, sizeof passphrase) != 0) {
            fprintf (stderr, "xuncha: 本地日志以口令加密（journal_key = passphrase），"
                             "请在终端输入口令或设置 XUNCHA_JOURNAL_PASSPHRASE\n");
            return -1;
        }
        options.passphrase = passphrase;
    }
    char error[512];
    self->journal = xc_journal_open (&options, error, sizeof error);
    sodium_memzero (passphrase, sizeof passphrase);
    if (!self->journal) {
        fprintf (stderr, "xuncha: %s\n", error);
        return -1;
    }
    return 0;
}

void
xc_session_close (xc_session_t *self)
{
    xc_journal_close (&self->journal);
    zcert_destroy (&self->rpc.certificate);
}
