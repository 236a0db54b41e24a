/* inbox — see inbox.h. */
#include "inbox.h"
#include "cli.h"
#include "inbox_log.h"
#include "output.h"
#include "xc_codec.h"
#include "xc_json.h"
#include "xc_link.h"
#include "xc_names.h"
#include <inttypes.h>
#include <signal.h>

#define XC_INBOX_TICK_MS 200          /* the longest one wait lasts */
#define XC_INBOX_RECONNECT_PAUSE_MS 200

/* The state of one connection to the notifier. */
typedef enum {
    XC_INBOX_GREETING,    /* hello sent on a new connection; nothing heard yet */
    XC_INBOX_LISTENING,   /* the notifier answered: events and heartbeats come */
} xc_inbox_state_t;

/* How handling a message, or a whole connection, ended. */
typedef enum {
    XC_INBOX_GO_ON = 0,   /* keep listening */
    XC_INBOX_IDLE,        /* nothing more is pending (without --follow: done) */
    XC_INBOX_LOST,        /* the notifier went away or stopped answering: reconnect */
    XC_INBOX_STOPPED,     /* SIGINT or SIGTERM */
    XC_INBOX_REFUSED,     /* our key was refused, or the notifier refused what we sent */
    XC_INBOX_NOT_RECORDED /* the local inbox file could not be written */
} xc_inbox_outcome_t;

typedef struct {
    int64_t event_id;
    int64_t due_ms;       /* sent at this time (ack_delay_ms after the event was recorded) */
} s_ack_t;

typedef struct {
    const xc_inbox_options_t *options;
    xc_inbox_log_t *log;
    xc_link_t *link;
    xc_inbox_state_t state;
    int64_t last_heard_ms;
    s_ack_t *acks;            /* acknowledgements waiting for their time */
    size_t ack_count;
    size_t ack_capacity;
    int shown;
    bool reconnecting;        /* a "reconnecting" message was printed and not yet resolved */
    char reason[256];         /* why the last connection was lost */
} s_inbox_t;

static volatile sig_atomic_t s_stopping = 0;

static void
s_on_signal (int signum)
{
    (void) signum;
    s_stopping = 1;
}

/* ------------------------------------------------------------ writing */

static void
s_send_hello (s_inbox_t *self)
{
    Xuncha__NotifierHello hello = XUNCHA__NOTIFIER_HELLO__INIT;
    hello.follow = self->options->follow;
    xc_link_send_notifier (self->link, &hello.base);
}

/* A heartbeat answers the notifier's; with GOODBYE it says we are leaving. */
static void
s_send_heartbeat (s_inbox_t *self, bool goodbye)
{
    Xuncha__NotifierHeartbeat heartbeat = XUNCHA__NOTIFIER_HEARTBEAT__INIT;
    heartbeat.goodbye = goodbye;
    xc_link_send_notifier (self->link, &heartbeat.base);
}

static void
s_ack_later (s_inbox_t *self, int64_t event_id)
{
    if (self->ack_count == self->ack_capacity) {
        self->ack_capacity = self->ack_capacity ? 2 * self->ack_capacity : 64;
        self->acks = realloc (self->acks, self->ack_capacity * sizeof *self->acks);
    }
    self->acks[self->ack_count++] = (s_ack_t) { event_id, zclock_mono () + self->options->ack_delay_ms };
}

/* Sends the acknowledgements whose time has come (in the order they were recorded). */
static void
s_send_due_acks (s_inbox_t *self)
{
    size_t sent = 0;
    int64_t now = zclock_mono ();
    while (sent < self->ack_count && self->acks[sent].due_ms <= now) {
        Xuncha__NotifierAck ack = XUNCHA__NOTIFIER_ACK__INIT;
        ack.event_id = self->acks[sent++].event_id;
        xc_link_send_notifier (self->link, &ack.base);
    }
    if (sent == 0)
        return;
    memmove (self->acks, self->acks + sent, (self->ack_count - sent) * sizeof *self->acks);
    self->ack_count -= sent;
}

/* ------------------------------------------------------------ reading */

/* "2026-03-20 10:42  问题线索移交  第一巡察组移交问题线索 2 件（…）（批次 #3）" — the batch's
 * number for `clue receive --batch`; an event about one clue names it in its title; a
 * deadline reminder shows its colour first: "整改期限提醒  【黄色预警】…" — or one JSON line. */
static void
s_show (s_inbox_t *self, const Xuncha__Notification *event)
{
    if (self->options->json)
        xc_json_write (stdout, &event->base);
    else {
        const char *label = xc_label (&xuncha__notification_kind__descriptor, event->kind);
        printf ("%s  %s  ", event->created_at, label ? label : "通知");
        if (event->level != XUNCHA__REMINDER_LEVEL__REMINDER_LEVEL_NONE) {   /* a deadline reminder: its colour */
            char level[64];
            printf ("【%s】", xc_output_level (event->level, level, sizeof level));
        }
        printf ("%s", event->title);
        if (event->batch_id && !event->clue_id)
            printf ("（批次 #%" PRId64 "）", event->batch_id);
    }
    putchar ('\n');
    fflush (stdout);
    self->shown++;
}

/* Recorded (and synced) first, acknowledged after; shown only the first time. */
static xc_inbox_outcome_t
s_on_event (s_inbox_t *self, const Xuncha__Notification *event)
{
    int recorded = xc_inbox_log_record (self->log, event);
    if (recorded < 0) {
        fprintf (stderr, "xuncha: 无法写入本地收件记录 %s：%s；未确认的通知将由通知服务重发\n",
                 xc_inbox_log_path (self->log), strerror (errno));
        return XC_INBOX_NOT_RECORDED;
    }
    if (recorded == 1)
        s_show (self, event);
    s_ack_later (self, event->event_id);
    return XC_INBOX_GO_ON;
}

static xc_inbox_outcome_t
s_on_error (s_inbox_t *self, const Xuncha__NotifierError *error)
{
    if (error->status == XUNCHA__STATUS__STATUS_UNAVAILABLE) {   /* stopping, or our session lapsed */
        snprintf (self->reason, sizeof self->reason, "%s", error->message);
        return XC_INBOX_LOST;
    }
    fprintf (stderr, "xuncha: 通知服务：%s：%s\n", xc_label (&xuncha__status__descriptor, error->status), error->message);
    return error->status == XUNCHA__STATUS__STATUS_BAD_REQUEST ? XC_INBOX_GO_ON : XC_INBOX_REFUSED;
}

static xc_inbox_outcome_t
s_on_message (s_inbox_t *self, const Xuncha__NotifierMessage *message)
{
    switch (message->body_case) {
        case XUNCHA__NOTIFIER_MESSAGE__BODY_EVENT: return s_on_event (self, message->event);
        case XUNCHA__NOTIFIER_MESSAGE__BODY_HEARTBEAT: s_send_heartbeat (self, false); return XC_INBOX_GO_ON;
        case XUNCHA__NOTIFIER_MESSAGE__BODY_IDLE: return self->options->follow ? XC_INBOX_GO_ON : XC_INBOX_IDLE;
        case XUNCHA__NOTIFIER_MESSAGE__BODY_ERROR: return s_on_error (self, message->error);
        default: return XC_INBOX_GO_ON;
    }
}

static xc_inbox_outcome_t
s_on_frame (s_inbox_t *self, zframe_t *frame)
{
    if (self->state == XC_INBOX_GREETING && self->reconnecting)
        fprintf (stderr, "已重新连接通知服务 %s\n", self->options->endpoint);
    self->state = XC_INBOX_LISTENING;
    self->reconnecting = false;
    self->last_heard_ms = zclock_mono ();
    char why[512];
    Xuncha__NotifierMessage *message = xc_notifier_message_decode (zframe_data (frame), zframe_size (frame), why,
                                                                   sizeof why);
    if (!message) {
        fprintf (stderr, "xuncha: 忽略通知服务发来的无效消息：%s\n", why);
        return XC_INBOX_GO_ON;
    }
    xc_inbox_outcome_t outcome = s_on_message (self, message);
    xuncha__notifier_message__free_unpacked (message, NULL);
    return outcome;
}

/* ------------------------------------------------------------ one connection */

/* How long the next wait may last: until the next acknowledgement is due, at most a tick. */
static int
s_wait_ms (s_inbox_t *self)
{
    int64_t wait = XC_INBOX_TICK_MS;
    if (self->ack_count > 0 && self->acks[0].due_ms - zclock_mono () < wait)
        wait = self->acks[0].due_ms - zclock_mono ();
    return wait > 0 ? (int) wait : 0;
}

static xc_inbox_outcome_t
s_listen (s_inbox_t *self)
{
    while (!s_stopping) {
        s_send_due_acks (self);
        zframe_t *frame;
        xc_link_event_t event = xc_link_wait (self->link, s_wait_ms (self), &frame);
        if (event == XC_LINK_KEY_REFUSED) {
            fprintf (stderr, "xuncha: 通知服务拒绝了本人密钥（未登记或已被吊销），请联系巡察办\n");
            return XC_INBOX_REFUSED;
        }
        if (event == XC_LINK_DISCONNECTED) {
            snprintf (self->reason, sizeof self->reason, "连接断开");
            return XC_INBOX_LOST;
        }
        if (event == XC_LINK_FRAME) {
            xc_inbox_outcome_t outcome = s_on_frame (self, frame);
            zframe_destroy (&frame);
            if (outcome != XC_INBOX_GO_ON)
                return outcome;
        }
        if (zclock_mono () - self->last_heard_ms > self->options->timeout_ms) {
            snprintf (self->reason, sizeof self->reason, "%d 毫秒无响应", self->options->timeout_ms);
            return XC_INBOX_LOST;
        }
    }
    return XC_INBOX_STOPPED;
}

/* One connection, from hello until it ends; what was not acknowledged on it is
 * forgotten (the notifier will send it again). */
static xc_inbox_outcome_t
s_connect_and_listen (s_inbox_t *self)
{
    self->link = xc_link_new (self->options->endpoint, self->options->certificate, self->options->notifier_key);
    if (!self->link)
        return XC_INBOX_LOST;
    self->state = XC_INBOX_GREETING;
    self->last_heard_ms = zclock_mono ();
    s_send_hello (self);
    xc_inbox_outcome_t outcome = s_listen (self);
    if (outcome == XC_INBOX_STOPPED) {   /* say goodbye, and give it time to leave */
        s_send_heartbeat (self, true);
        zsock_set_linger (xc_link_socket (self->link), 500);
    }
    self->ack_count = 0;
    xc_link_destroy (&self->link);
    return outcome;
}

/* ------------------------------------------------------------ the command */

/* After a lost connection: true to try again (saying so), false to give up. */
static bool
s_reconnect (s_inbox_t *self, bool heard, int *attempts)
{
    const xc_inbox_options_t *options = self->options;
    *attempts = heard ? 1 : *attempts + 1;
    if (!options->follow && *attempts > options->retries) {
        fprintf (stderr, "xuncha: 无法连接通知服务 %s（%s，已重试 %d 次）\n", options->endpoint, self->reason,
                 options->retries);
        return false;
    }
    if (options->follow && !self->reconnecting)
        fprintf (stderr, "通知服务 %s 连接中断（%s），正在重新连接…\n", options->endpoint, self->reason);
    else if (!options->follow)
        fprintf (stderr, "通知服务 %s 无响应（%s），重试（第 %d/%d 次）…\n", options->endpoint, self->reason,
                 *attempts, options->retries);
    self->reconnecting = true;
    zclock_sleep (XC_INBOX_RECONNECT_PAUSE_MS);
    return !s_stopping;
}

static int
s_exit_code (s_inbox_t *self, xc_inbox_outcome_t outcome)
{
    switch (outcome) {
        case XC_INBOX_IDLE:
            if (self->shown == 0 && !self->options->json)
                printf ("没有新通知\n");
            return XC_EXIT_OK;
        case XC_INBOX_STOPPED: return XC_EXIT_OK;
        case XC_INBOX_REFUSED: return XC_EXIT_REFUSED;
        case XC_INBOX_NOT_RECORDED: return XC_EXIT_LOCAL;
        default: return XC_EXIT_UNREACHABLE;
    }
}

int
xc_inbox_run (const xc_inbox_options_t *options)
{
    s_inbox_t self = { .options = options };
    char error[512];
    self.log = xc_inbox_log_new (options->inbox_dir, zcert_public_key (options->certificate), error, sizeof error);
    if (!self.log) {
        fprintf (stderr, "xuncha: %s\n", error);
        return XC_EXIT_LOCAL;
    }
    struct sigaction action = { .sa_handler = s_on_signal };   /* no SA_RESTART: waits end */
    sigaction (SIGINT, &action, NULL);
    sigaction (SIGTERM, &action, NULL);
    xc_inbox_outcome_t outcome;
    int attempts = 0;
    do
        outcome = s_connect_and_listen (&self);
    while (outcome == XC_INBOX_LOST && s_reconnect (&self, self.state == XC_INBOX_LISTENING, &attempts));
    if (s_stopping)
        outcome = XC_INBOX_STOPPED;
    int rc = s_exit_code (&self, outcome);
    xc_inbox_log_destroy (&self.log);
    free (self.acks);
    return rc;
}
