/* fuzz_notifier — one frame of the notifier channel, as xuncha-notifier receives it
 * from a client (server/lib/notifier.c) and `xuncha inbox` from the notifier
 * (client/inbox.c): xc_notifier_message_decode. Properties checked: a refusal has a
 * reason; an accepted message has a body and, packed again around that body with
 * xc_notifier_message_pack, is accepted again as the same kind of message. */
#include "fuzz.h"
#include "xc_codec.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    char why[512];
    why[0] = 0;
    Xuncha__NotifierMessage *message = xc_notifier_message_decode (data, size, why, sizeof why);
    if (!message) {
        XC_FUZZ_CHECK (*why, "a refused notifier message without a reason");
        return 0;
    }
    XC_FUZZ_CHECK (message->body_case != XUNCHA__NOTIFIER_MESSAGE__BODY__NOT_SET && message->hello,
                   "an accepted notifier message without a body");
    size_t packed_size;
    /* the bodies share the oneof's storage: hello stands for whichever it is */
    uint8_t *packed = xc_notifier_message_pack (&message->hello->base, &packed_size);
    Xuncha__NotifierMessage *again = xc_notifier_message_decode (packed, packed_size, why, sizeof why);
    if (!again)
        fprintf (stderr, "re-packed notifier message refused: %s\n", why);
    XC_FUZZ_CHECK (again, "an accepted notifier message is refused after a re-pack");
    XC_FUZZ_CHECK (again->body_case == message->body_case, "the message kind changed in a re-pack");
    xuncha__notifier_message__free_unpacked (again, NULL);
    free (packed);
    xuncha__notifier_message__free_unpacked (message, NULL);
    return 0;
}
