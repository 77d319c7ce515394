#ifndef ADO_CPROCESSHARDENING_H
#define ADO_CPROCESSHARDENING_H

/// Bits of ado_harden_process's result: which protection could not be applied.
enum {
    ADO_HARDEN_DUMPABLE_FAILED = 1,
    ADO_HARDEN_CORE_LIMIT_FAILED = 2,
};

/// Makes the process non-dumpable (no core file; other processes of the same user can neither
/// ptrace it nor read its memory through /proc) and sets the core file size limit to zero, soft
/// and hard, so that children cannot raise it again. Returns 0, or the bits above.
int ado_harden_process(void);

#endif
