/* inbox — `xuncha inbox [--follow]`: the recipient's side of the notifier channel.
 *
 * Connects to xuncha-notifier (CURVE DEALER, xc_link.h), says hello, and receives the
 * notifications pending for its key, in order. Each is recorded in the local inbox
 * file and fsync'ed (inbox_log.h) before it is acknowledged, so an acknowledged event
 * can no longer be lost; an event seen before (delivered again after a crash) is
 * acknowledged again but not shown again. Heartbeats from the notifier are answered.
 *
 * Without --follow it ends when the notifier says Idle (nothing more pending). With
 * --follow it stays, prints notifications as they arrive, and reconnects by itself —
 * saying so on stderr — when the notifier goes away (the connection drops, the
 * notifier says it is stopping, or nothing is heard for timeout_ms). Acknowledgements
 * not yet sent when a connection is lost are dropped with it: the notifier delivers
 * those events again and they are recognised as seen. */
#ifndef XC_INBOX_H
#define XC_INBOX_H
#include <czmq.h>
#include <stdbool.h>

#define XC_INBOX_USAGE "xuncha inbox [--follow]"
#define XC_INBOX_SUMMARY "接收通知（--follow：保持连接，随到随显示）"

typedef struct {
    const char *endpoint;        /* the notifier's endpoint */
    char notifier_key[41];       /* its public key (Z85) */
    zcert_t *certificate;        /* our key pair */
    const char *inbox_dir;       /* where the local inbox file lives */
    int timeout_ms;              /* silence after which the notifier is taken for gone */
    int retries;                 /* without --follow: reconnections before giving up */
    int ack_delay_ms;            /* tests only: how long to hold each acknowledgement */
    bool follow;
    bool json;                   /* one JSON object per line instead of text */
} xc_inbox_options_t;

/* Runs the inbox; returns the exit code (cli.h). */
int xc_inbox_run (const xc_inbox_options_t *options);

#endif
