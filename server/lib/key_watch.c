/* key_watch — see key_watch.h. */
#include "key_watch.h"
#include "db.h"
#include "xc_clock.h"
#include "xc_log.h"
#include <libpq-fe.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define XC_KEY_CHECK_MS 1000      /* every key told of is asked about this often */
#define XC_KEY_RECONNECT_MS 1000  /* a lost database connection is tried again this often */
#define XC_KEY_CHANNEL "xuncha_key_revoked"

/* One connection of the ROUTER, as its last message showed it. */
typedef struct {
    int fd;
    dev_t device;
    ino_t inode;     /* the socket's: a reused descriptor has another */
    char key[41];
} s_connection_t;

struct _xc_key_watch_t {
    zactor_t *actor;           /* the thread that asks the database */
    char *conninfo;
    char *application;
    zhashx_t *connections;     /* descriptor ("17") → s_connection_t */
    zhashx_t *told;            /* the keys the actor was told to watch */
};

/* ------------------------------------------------------------ the thread that asks */

typedef struct {
    const xc_key_watch_t *owner;
    PGconn *db;
    int64_t next_connect_ms;
    zhashx_t *keys;            /* the keys to ask about */
} s_asker_t;

static void
s_disconnect (s_asker_t *self)
{
    if (self->db)
        PQfinish (self->db);
    self->db = NULL;
}

/* A connection that LISTENs, made again at most once a second. */
static void
s_connect (s_asker_t *self)
{
    if (self->db || xc_clock_mono_ms () < self->next_connect_ms)
        return;
    self->next_connect_ms = xc_clock_mono_ms () + XC_KEY_RECONNECT_MS;
    self->db = xc_db_connect (self->owner->conninfo, self->owner->application, 5000);
    PGresult *result = PQstatus (self->db) == CONNECTION_OK ? PQexec (self->db, "LISTEN " XC_KEY_CHANNEL) : NULL;
    if (PQresultStatus (result) != PGRES_COMMAND_OK)
        s_disconnect (self);
    PQclear (result);
}

/* True when a NOTIFY came (its key is asked about with the others at once). */
static bool
s_take_notifies (s_asker_t *self)
{
    if (!self->db)
        return false;
    if (!PQconsumeInput (self->db)) {
        s_disconnect (self);
        return false;
    }
    bool notified = false;
    PGnotify *notify;
    while ((notify = PQnotifies (self->db))) {
        notified = true;
        PQfreemem (notify);
    }
    return notified;
}

/* {"k1","k2"}: the keys as a text[] literal (quoted: Z85 has braces). */
static char *
s_key_array (zhashx_t *keys)
{
    zlistx_t *names = zhashx_keys (keys);
    size_t size = 3 + zlistx_size (names) * 84, used = 0;   /* each key, escaped, at most 2 × 40 + 3 */
    char *text = malloc (size);
    text[used++] = '{';
    for (const char *name = zlistx_first (names); name; name = zlistx_next (names)) {
        if (used > 1)
            text[used++] = ',';
        text[used++] = '"';
        for (const char *c = name; *c && c - name < 40; c++) {
            if (*c == '"' || *c == '\\')
                text[used++] = '\\';
            text[used++] = *c;
        }
        text[used++] = '"';
    }
    memcpy (text + used, "}", 2);
    zlistx_destroy (&names);
    return text;
}

/* Asks which keys told of are no longer admitted, and tells the owner each. */
static void
s_ask (s_asker_t *self, zsock_t *pipe)
{
    if (!self->db || zhashx_size (self->keys) == 0)
        return;
    char *list = s_key_array (self->keys);
    const char *params[] = { list };
    PGresult *result = PQexecParams (self->db, "SELECT k FROM unnest($1::text[]) AS k WHERE key_user(k) IS NULL",
                                     1, NULL, params, NULL, NULL, 0);
    free (list);
    if (PQresultStatus (result) == PGRES_TUPLES_OK)
        for (int row = 0; row < PQntuples (result); row++) {
            zstr_sendx (pipe, "REVOKED", PQgetvalue (result, row, 0), NULL);
            zhashx_delete (self->keys, PQgetvalue (result, row, 0));
        }
    else if (PQstatus (self->db) != CONNECTION_OK)
        s_disconnect (self);
    else
        xc_log (XC_LOG_WARN, "key_check_failed", "reason=\"%.*s\"", (int) strcspn (PQerrorMessage (self->db), "\n\""),
                PQerrorMessage (self->db));
    PQclear (result);
}

/* A command from the owner: WATCH key, or $TERM. False on $TERM. */
static bool
s_command (s_asker_t *self, zsock_t *pipe)
{
    char *command = NULL, *key = NULL;
    if (zstr_recvx (pipe, &command, &key, NULL) < 0)
        return false;
    bool go_on = strcmp (command, "$TERM") != 0;
    if (go_on && strcmp (command, "WATCH") == 0 && key)
        zhashx_update (self->keys, key, "");
    zstr_free (&command);
    zstr_free (&key);
    return go_on;
}

static void
s_asker_actor (zsock_t *pipe, void *args)
{
    s_asker_t self = { .owner = args, .keys = zhashx_new () };
    zsock_signal (pipe, 0);
    int64_t next_ask_ms = xc_clock_mono_ms () + XC_KEY_CHECK_MS;
    bool running = true;
    while (running) {
        s_connect (&self);
        int fd = self.db ? PQsocket (self.db) : -1;
        zmq_pollitem_t items[] = { { zsock_resolve (pipe), 0, ZMQ_POLLIN, 0 }, { NULL, fd, ZMQ_POLLIN, 0 } };
        int64_t wait = next_ask_ms - xc_clock_mono_ms ();
        zmq_poll (items, fd >= 0 ? 2 : 1, wait > 0 ? wait : 0);
        if (items[0].revents & ZMQ_POLLIN)
            running = s_command (&self, pipe);
        bool notified = fd >= 0 && (items[1].revents & ZMQ_POLLIN) && s_take_notifies (&self);
        if (running && (notified || xc_clock_mono_ms () >= next_ask_ms)) {
            s_ask (&self, pipe);
            next_ask_ms = xc_clock_mono_ms () + XC_KEY_CHECK_MS;
        }
    }
    s_disconnect (&self);
    zhashx_destroy (&self.keys);
}

/* ------------------------------------------------------------ the owner's side */

static void
s_connection_destroy (void **item)
{
    free (*item);
    *item = NULL;
}

xc_key_watch_t *
xc_key_watch_new (const char *conninfo, const char *application)
{
    xc_key_watch_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->conninfo = strdup (conninfo);
    self->application = strdup (application);
    self->connections = zhashx_new ();
    zhashx_set_destructor (self->connections, s_connection_destroy);
    self->told = zhashx_new ();
    self->actor = zactor_new (s_asker_actor, self);
    return self;
}

void
xc_key_watch_destroy (xc_key_watch_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    xc_key_watch_t *self = *self_p;
    zactor_destroy (&self->actor);
    zhashx_destroy (&self->connections);
    zhashx_destroy (&self->told);
    free (self->conninfo);
    free (self->application);
    free (self);
    *self_p = NULL;
}

/* Notes that PART came by its descriptor under its key, which goes to KEY. */
static void
s_note (xc_key_watch_t *self, zmq_msg_t *part, char key[41])
{
    const char *user = zmq_msg_gets (part, "User-Id");
    snprintf (key, 41, "%s", user ? user : "");
    int fd = zmq_msg_get (part, ZMQ_SRCFD);
    struct stat status;
    if (!*key || fd < 0 || fstat (fd, &status) != 0 || !S_ISSOCK (status.st_mode))
        return;
    char name[16];
    snprintf (name, sizeof name, "%d", fd);
    s_connection_t *known = zhashx_lookup (self->connections, name);
    if (known && known->inode == status.st_ino && known->device == status.st_dev && strcmp (known->key, key) == 0)
        return;
    s_connection_t *connection = calloc (1, sizeof *connection);
    *connection = (s_connection_t) { .fd = fd, .device = status.st_dev, .inode = status.st_ino };
    memcpy (connection->key, key, 41);
    zhashx_update (self->connections, name, connection);
    if (!zhashx_lookup (self->told, key)) {
        zhashx_insert (self->told, key, "");
        zstr_sendx (self->actor, "WATCH", key, NULL);
    }
}

zmsg_t *
xc_key_watch_recv (xc_key_watch_t *self, zsock_t *router, char key[41])
{
    key[0] = 0;
    void *handle = zsock_resolve (router);
    zmsg_t *msg = zmsg_new ();
    int flags = ZMQ_DONTWAIT;   /* the first part: only when one is waiting; the rest come with it */
    while (true) {
        zmq_msg_t part;
        zmq_msg_init (&part);
        if (zmq_msg_recv (&part, handle, flags) < 0) {
            zmq_msg_close (&part);
            zmsg_destroy (&msg);
            return NULL;
        }
        if (zmsg_size (msg) > 0)   /* past the routing id, which the ROUTER made itself */
            s_note (self, &part, key);
        zmsg_addmem (msg, zmq_msg_data (&part), zmq_msg_size (&part));
        bool more = zmq_msg_more (&part);
        zmq_msg_close (&part);
        if (!more)
            return msg;
        flags = 0;
    }
}

/* Shuts CONNECTION down if its descriptor is still that socket; true when it was. */
static bool
s_shut_down (const s_connection_t *connection)
{
    int copy = dup (connection->fd);   /* the socket stays the same while we hold it */
    struct stat status;
    bool same = copy >= 0 && fstat (copy, &status) == 0 && S_ISSOCK (status.st_mode)
                && status.st_ino == connection->inode && status.st_dev == connection->device;
    if (same)
        shutdown (copy, SHUT_RDWR);
    if (copy >= 0)
        close (copy);
    return same;
}

/* Closes every connection noted under KEY; how many were still open. */
static int
s_close_connections (xc_key_watch_t *self, const char *key)
{
    zlistx_t *names = zhashx_keys (self->connections);
    int closed = 0;
    for (const char *name = zlistx_first (names); name; name = zlistx_next (names)) {
        s_connection_t *connection = zhashx_lookup (self->connections, name);
        if (strcmp (connection->key, key) != 0)
            continue;
        closed += s_shut_down (connection);
        zhashx_delete (self->connections, name);
    }
    zlistx_destroy (&names);
    return closed;
}

int
xc_key_watch_revoked (xc_key_watch_t *self, char key[41])
{
    if (!(zsock_events (zactor_sock (self->actor)) & ZMQ_POLLIN))
        return 0;
    char *command = NULL, *revoked = NULL;
    if (zstr_recvx (self->actor, &command, &revoked, NULL) < 0 || !revoked) {
        zstr_free (&command);
        zstr_free (&revoked);
        return 0;
    }
    snprintf (key, 41, "%s", revoked);
    zhashx_delete (self->told, revoked);
    int closed = s_close_connections (self, revoked);
    xc_log (XC_LOG_INFO, "key_revoked", "key=%.8s… connections_closed=%d", revoked, closed);
    zstr_free (&command);
    zstr_free (&revoked);
    return 1;
}
