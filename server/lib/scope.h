/* scope — whose records a request may touch: the second half of an authorisation,
 * after the role. The table of request kinds (request_kinds.c) gives, for every kind and
 * every role that may make it, one of these; the dispatcher puts it into the call, and
 * the checks of access.h and task_read.h read it there, so that the table is the rule
 * and not a description of it. */
#ifndef XC_SCOPE_H
#define XC_SCOPE_H

typedef enum {
    XC_SCOPE_NONE = 0,     /* the role may not make the request at all */
    XC_SCOPE_COMMITTEE,    /* 全委: every round, group, unit and record of the committee */
    XC_SCOPE_GROUP,        /* 本组: the 巡察组 the caller belongs to (as 组长, 副组长 or 组员) */
    XC_SCOPE_UNIT,         /* 本单位: the caller's own org unit (a 被巡察单位's tasks and feedback) */
    XC_SCOPE_RECEIVER,     /* 本机关: what was transferred to the caller's 纪委监委 or 组织部 */
    XC_SCOPE_SELF,         /* 本人: only the caller's own identity and connection */
} xc_scope_t;

/* The word the table and the refusals use: 全委, 本组, 本单位, 本机关, 本人 ("" for none). */
static inline const char *
xc_scope_label (xc_scope_t scope)
{
    static const char *labels[] = { "", "全委", "本组", "本单位", "本机关", "本人" };
    return scope >= XC_SCOPE_NONE && scope <= XC_SCOPE_SELF ? labels[scope] : "";
}

#endif
