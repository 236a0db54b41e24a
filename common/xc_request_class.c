/* xc_request_class — see xc_request_class.h. */
#include "xc_request_class.h"

#define XC_READ(name) XUNCHA__REQUEST__BODY_##name

/* Reads: nothing is stored for them (an audited read writes its audit row all the same). */
static const Xuncha__Request__BodyCase s_reads[] = {
    XC_READ (PING), XC_READ (WHO_AM_I), XC_READ (ORG_UNIT_LIST), XC_READ (USER_LIST), XC_READ (KEY_LIST),
    XC_READ (INSPECTOR_LIST), XC_READ (ROUND_LIST), XC_READ (ROUND_SHOW), XC_READ (GROUP_LIST),
    XC_READ (GROUP_SHOW), XC_READ (FIELD_RECORD_LIST), XC_READ (FIELD_RECORD_SHOW), XC_READ (ATTACHMENT_GET),
    XC_READ (IDENTITY_READ_LIST), XC_READ (PAPER_LIST), XC_READ (PAPER_SHOW), XC_READ (PAPER_HISTORY_SHOW),
    XC_READ (CATEGORY_LIST), XC_READ (SPOT_CHECK_LIST), XC_READ (CLUE_LIST), XC_READ (CLUE_SHOW),
    XC_READ (CLUE_QUALITY_SHOW), XC_READ (PROGRESS_SHOW), XC_READ (SETTING_LIST), XC_READ (CALENDAR_SHOW),
    XC_READ (CALENDAR_DEADLINE), XC_READ (FEEDBACK_LIST), XC_READ (TASK_LIST), XC_READ (TASK_SHOW),
    XC_READ (RECTIFICATION_SHOW), XC_READ (AUDIT_VERIFY), XC_READ (AUDIT_LIST),
    XC_READ (ATTACHMENT_UPLOAD_STATUS), XC_READ (REPORT_SHOW), XC_READ (REPORT_LIST), XC_READ (STATISTICS_QUERY),
    XC_READ (CONDUCT_RATING_LIST), XC_READ (INSPECTOR_APPRAISAL_LIST), XC_READ (ARCHIVE_SHOW),
    XC_READ (ARCHIVE_FILE_GET),
    /* the envelope of journalled changes: each entry inside is claimed, not the batch */
    XC_READ (SYNC_BATCH),
};

bool
xc_request_changes (Xuncha__Request__BodyCase body)
{
    for (size_t i = 0; i < sizeof s_reads / sizeof s_reads[0]; i++)
        if (s_reads[i] == body)
            return false;
    return true;
}
