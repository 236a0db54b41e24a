/* xc_request_class — which request kinds change data. One answer for both sides: the
 * server claims the request id of a change and stores its reply (dispatch.c), the
 * client journals a change before sending it (client/journal.h). A kind not listed as
 * a read is a change, so a new kind is safe by default. */
#ifndef XC_REQUEST_CLASS_H
#define XC_REQUEST_CLASS_H
#include "xuncha.pb-c.h"
#include <stdbool.h>

bool xc_request_changes (Xuncha__Request__BodyCase body);

#endif
