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
/* KEY's user moves 底稿 PAPER with ACTION (提交, 签批, 纳入 …); it must succeed. */
void xc_world_move_paper (const char *key, int64_t paper, Xuncha__PaperAction action);
/* Fixtures inserted directly: a 信访 record of GROUP at UNIT dated 2026-03-05, recorded
 * by RECORDER_KEY's user, and an attachment FILENAME on it. */
/* A 信访 of GROUP at UNIT with a petitioner's identity, recorded through the dispatcher
 * as KEY's user; the record's id. */
int64_t xc_world_record_petition (const char *key, int64_t group, int64_t unit);
void xc_world_petition (int64_t group, int64_t unit, const char *recorder_key, const char *filename,
                        int64_t *record, int64_t *attachment);

/* The calendar of 2026 as the State Council arranged it (休 and 调休 班), imported by the
 * 巡察办 through calendar_import; its text, for a test that imports it again. */
const char *xc_world_calendar_2026_text (void);
void xc_world_calendar_2026 (void);

/* ------------------------------------------------------------------ the scope world
 *
 * The world of the authorisation tests (test_authz.c, test_row_security.c): records,
 * 底稿, clues and tasks in each scope, so that every role has something of its own and
 * something of another's. Made through the dispatcher as the users would make them.
 *
 *   某某区 ── 城关镇 (town[0]) ── 东关村 (village[0])      inspected by 第一巡察组
 *          ├─ 河西镇 (town[1]) ── 河西村 (village[1])      inspected by 第二巡察组
 *          ├─ 区财政局 (home of the inspectors), 区纪委监委, 区委组织部, 区住建局 (spare)
 *
 *   round         十届区委第1轮, in 了解: group[g] on town[g]; per group a 信访 with the
 *                 petitioner's identity and an attachment (record, attachment), a draft 底稿
 *                 (paper), a draft clue (clue) and an approved one (approved_clue);
 *                 第一巡察组's clue_to[0] transferred to 区纪委监委 in batch[0], its 选人用人
 *                 clue_to[1] to 区委组织部 in batch[1] (neither received yet)
 *   rectification 十届区委第2轮, in 反馈, the same inspectors in two groups; feedback[g] of
 *                 town[g] recorded 2026-04-16, so task[g] (问题整改), with evidence[g]
 *                 uploaded by the unit, and plan_task[g] (整改方案); extension: town[0]'s
 *                 pending request on plan_task[0]; spot_check: one signed 底稿 drawn
 *   other_round   十届区委第3轮, in 准备: spare_group without members, nobody's round
 *
 * Users, one per role (their keys below): the 巡察办, 只读, 组长 and 组员 of 第一巡察组
 * (leader[0], member[0]), those of 第二巡察组 (leader[1], member[1]), a 纪委监委 user of
 * 区纪委监委, a 组织部 user of 区委组织部, and a 被巡察单位 user of each town (unit_user[g]).
 * XUNCHA_NOW is 2026-04-20T10:00:00 while the world is built; the test keeps it. */
#define XC_WORLD_NOW "2026-04-20T10:00:00"
#define XC_WORLD_OFFICE_KEY "w-office00000000000000000000000000000000"
#define XC_WORLD_READER_KEY "w-reader00000000000000000000000000000000"
#define XC_WORLD_LEADER_KEY "w-leader00000000000000000000000000000000"
#define XC_WORLD_MEMBER_KEY "w-member00000000000000000000000000000000"
#define XC_WORLD_LEADER2_KEY "w-leader20000000000000000000000000000000"
#define XC_WORLD_MEMBER2_KEY "w-member20000000000000000000000000000000"
#define XC_WORLD_DISCIPLINE_KEY "w-discipline0000000000000000000000000000"
#define XC_WORLD_ORGANISATION_KEY "w-organisation00000000000000000000000000"
#define XC_WORLD_UNIT_KEY "w-unit0000000000000000000000000000000000"
#define XC_WORLD_UNIT2_KEY "w-unit2000000000000000000000000000000000"

typedef struct {
    int64_t county, town[2], village[2], home, discipline_unit, organisation_unit, spare_unit;
    int64_t office, reader, leader[2], member[2], discipline, organisation, unit_user[2];
    int64_t spare_inspector;
    int64_t round, group[2], record[2], attachment[2], paper[2], clue[2], approved_clue[2];
    int64_t clue_to[2], batch[2];
    int64_t rectification, rectification_group[2], feedback[2], task[2], plan_task[2], evidence[2];
    int64_t extension, spot_check, spot_check_paper;
    int64_t other_round, spare_group, spare_category;
} xc_scope_world_t;

/* Builds the world with DISPATCHER (after xc_test_pg_start); sets XUNCHA_NOW. */
void xc_world_build_scopes (xc_dispatcher_t *dispatcher, xc_scope_world_t *world);

#endif
