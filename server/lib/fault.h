/* fault — TEST-ONLY fault injection for xunchad; nothing happens unless its environment
 * variable is set, and no deployment sets it.
 *
 *   XUNCHA_TEST_KILL_AFTER_COMMIT=N   xunchad raises SIGKILL right after its Nth
 *                                     successful COMMIT of a change or of a sync batch,
 *                                     before the reply is returned: the "reply lost"
 *                                     fault. The change is durable, the client hears
 *                                     nothing and must resend with the same request ids
 *                                     (the stored replies make that safe).
 *
 * The variable is read once, at the first commit; the count is the whole process's,
 * over every worker. */
#ifndef XC_FAULT_H
#define XC_FAULT_H

/* Called by the dispatcher after each successful COMMIT of a change or a batch. */
void xc_fault_after_commit (void);

#endif
