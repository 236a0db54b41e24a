/* xc_test_world — fixtures for integration tests, built through the real dispatcher as
 * the 巡察办 would build them (units, a round, groups, members linked to users), and
 * the two ways a test serves a request: expecting a status, or expecting a refusal
 * whose message names the problem. Failures end the current cmocka test. */
#ifndef XC_TEST_WORLD_H
#define XC_TEST_WORLD_H
#include "xc_test_serve.h"
#include <stdint.h>

/* Serves with DISPATCHER, creating through OFFICE_KEY's 巡察办 user. */
void xc_world_init (xc_dispatcher_t *dispatcher, const char *office_key);
/* Serves BODY as the holder of KEY and expects STATUS (the reply is the caller's). */
Xuncha__Reply *xc_world_expect (const char *key, int status, Xuncha__Request__BodyCase which, void *body);
/* Expects a refusal with STATUS whose message contains NEEDLE. */
void xc_world_refused (const char *key, int status, const char *needle, Xuncha__Request__BodyCase which, void *body);
/* The id of the record in REPLY, which it frees. */
int64_t xc_world_id (Xuncha__Reply *reply);
/* The id of what the 巡察办 creates with BODY. */
int64_t xc_world_office (Xuncha__Request__BodyCase which, void *body);

/* A user with ROLE, in UNIT (0: none), named NAME; returns its id. */
int64_t xc_world_user (const char *key, int role, int64_t unit, const char *name);
int64_t xc_world_unit (const char *name, Xuncha__UnitKind kind, int64_t parent);
/* A round of 十届区委 (number NUMBER, 常规巡察, 2026-03-02 to 2026-04-30). */
int64_t xc_world_round (int number);
/* Group NUMBER of ROUND, with UNIT assigned. */
int64_t xc_world_group (int64_t round, int number, int64_t unit);
/* An inspector NAME of HOME, linked to USER, joins GROUP in POSITION. */
void xc_world_join (int64_t group, const char *name, int64_t home, int64_t user, Xuncha__Position position);
void xc_world_advance (int64_t round, Xuncha__Phase phase);
/* Fixtures inserted directly: a 信访 record of GROUP at UNIT dated 2026-03-05, recorded
 * by RECORDER_KEY's user, and an attachment FILENAME on it. */
void xc_world_petition (int64_t group, int64_t unit, const char *recorder_key, const char *filename,
                        int64_t *record, int64_t *attachment);

#endif
