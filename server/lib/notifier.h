/* notifier — the delivery loop of xuncha-notifier: a CURVE ROUTER facing the recipients
 * (纪委监委, 组织部, 巡察办 …) and one PostgreSQL connection (notifier_store.h).
 *
 * A recipient's DEALER says hello (NotifierHello); the recipient is the key the ZAP
 * handler admitted on that connection, never a field of a message. The loop then
 * claims the recipient's unacknowledged deliveries in event order (at most `window` in
 * flight), sends each as a NotifierMessage{event}, and records the recipient's
 * NotifierAck as outbox_delivery.acked_at (the acks of one loop turn in one UPDATE).
 * An event not acknowledged within ack_timeout_ms is claimed and sent again, and so is
 * everything unacknowledged when a recipient reconnects.
 *
 * It wakes on NOTIFY xuncha_outbox (payload: the user id, so only that user's sessions
 * are looked at) and also asks the database every poll_ms, so a NOTIFY lost with a
 * connection only delays an event. Losing the database keeps the sessions: they get
 * heartbeats until it is back, then everything pending.
 *
 * Heartbeats: a session not written to for heartbeat_ms gets a NotifierHeartbeat, which
 * the recipient answers; a session not heard from for session_timeout_ms is dead: it
 * is dropped and its claims released, so another session gets its events at once.
 * A recipient that does not follow (hello.follow false) gets NotifierIdle once nothing
 * of it is unacknowledged, and its session ends.
 *
 * Every reminder_ms (and at start) it runs the clue feedback reminders
 * (clue_reminders.h) and then the 整改期限提醒 (task_reminders.h), a chunk of due tasks
 * per turn so that deliveries and heartbeats go on meanwhile; both publish through the
 * outbox like any change.
 *
 * Every second it seals the audit rows committed since into the audit log's hash chain
 * (audit_seal.h).
 *
 * When *stop becomes non-zero the loop records the acknowledgements it holds, releases
 * every session's claims, tells the recipients it is stopping, and returns. */
#ifndef XC_NOTIFIER_H
#define XC_NOTIFIER_H
#include <czmq.h>
#include <signal.h>

typedef struct {
    const char *endpoint;         /* tcp://127.0.0.1:7401 */
    const char *conninfo;         /* libpq connection string */
    zcert_t *certificate;         /* the server's key pair */
    int ack_timeout_ms;           /* an unacknowledged event is sent again after this */
    int heartbeat_ms;             /* a session not written to for this long gets a heartbeat */
    int session_timeout_ms;       /* a session not heard from for this long is dead */
    int poll_ms;                  /* the database is asked this often even without NOTIFY */
    int window;                   /* events in flight per session */
    int reminder_ms;              /* the clue and 整改 reminders run this often */
    int statement_timeout_ms;     /* the longest one SQL statement may run (0: no limit) */
} xc_notifier_config_t;

/* Returns 0 after a clean stop, -1 when it could not start. */
int xc_notifier_run (const xc_notifier_config_t *config, volatile sig_atomic_t *stop);

#endif
