/* parse.h: state shared by the PTX parser's files (internal to src/ptx/).
 * parse.c reads directives and declarations, parse_insn.c instructions. */
#ifndef CUX_PTX_PARSE_H
#define CUX_PTX_PARSE_H

#include <setjmp.h>

#include "lex.h"

/* Spellings shared by the parser and the printer (types.c), without the
 * leading dot; "" where a value has no spelling. */
extern const char *const cux_ptx_space_names[CUX_SPACE_COUNT];
extern const char *const cux_ptx_rounding_names[10];
extern const char *const cux_ptx_cmp_names[19];
extern const char *const cux_ptx_mode_names[CUX_MODE_COUNT];
extern const char *const cux_ptx_scope_names[5];
extern const char *const cux_ptx_sem_names[8];
extern const char *const cux_ptx_flag_names[18];
extern const char *const cux_ptx_sreg_names[CUX_SREG_COUNT];

/* A declaration inside a nested { } block, searched innermost first. */
typedef struct cux_pentry {
    const char *name;
    uint32_t len;
    uint32_t index;
    bool is_var;
} cux_pentry;

typedef struct cux_plabel {
    uint32_t line, column; /* first use, for "undefined label" */
    bool defined;
    bool hidden; /* its { } block has closed: the name may be reused */
} cux_plabel;

/* What a wmma instruction's modifiers said, before they are checked and
 * put in its cux_ptx_insn fields (parse_wmma.c). */
typedef struct cux_pwmma {
    char op;            /* 'l' load, 's' store, 'm' mma; 0 if not said */
    char matrix;        /* 'a' 'b' 'c' 'd' after .load or .store */
    uint8_t layouts;    /* .row/.col written so far */
    uint8_t n_types;
    uint8_t types[4];   /* in the order written */
} cux_pwmma;

/* What a cp or mbarrier instruction's modifiers said beyond its
 * cux_ptx_insn fields, for the checks once its operands are read
 * (parse_async.c). */
typedef struct cux_pasync {
    bool async;         /* cp: .async written */
    bool mbarrier;      /* cp.async: .mbarrier written (.arrive follows) */
    bool global;        /* cp.async: .global, the source's state space */
    char cache;         /* cp.async: 'a' for .ca, 'g' for .cg, 0 if none */
} cux_pasync;

typedef struct cux_parser {
    cux_lexer lx;
    cux_tok tok; /* current token */
    cux_ptx_module *m;
    cux_diag *diag;
    jmp_buf fail;

    CUX_ARRAY(cux_ptx_func) funcs;
    CUX_ARRAY(cux_ptx_var) vars;
    CUX_ARRAY(cux_ptx_reloc) relocs;
    CUX_ARRAY(cux_ptx_file) files;
    cux_strmap globals, funcmap;

    /* the function being parsed */
    int32_t fn;
    CUX_ARRAY(cux_ptx_reg) regs;
    CUX_ARRAY(cux_ptx_insn) insns;
    CUX_ARRAY(cux_ptx_operand) operands;
    CUX_ARRAY(cux_ptx_label) labels;
    CUX_ARRAY(cux_plabel) label_info;
    CUX_ARRAY(uint32_t) locals;
    CUX_ARRAY(cux_ptx_block) blocks;
    CUX_ARRAY(uint32_t) open_blocks;
    CUX_ARRAY(cux_pentry) nested;
    CUX_ARRAY(uint32_t) nested_marks;
    cux_strmap names, labelmap; /* body-level declarations; labels */
    uint32_t loc_file, loc_line;

    /* one instruction's operands before they are committed */
    CUX_ARRAY(cux_ptx_operand) tops;
    CUX_ARRAY(cux_ptx_operand) elems;
    CUX_ARRAY(uint8_t) initbuf;     /* initializer bytes being built */
    CUX_ARRAY(cux_ptx_var) sig;     /* signature parameters being read */
    CUX_ARRAY(cux_tok) toks;        /* a .callprototype's tokens */
    CUX_ARRAY(uint32_t) scoped_labels, label_marks; /* per open block */
    cux_ptx_operand coords;         /* tex [handle, {coords}]'s second */
    bool has_coords;
    cux_pwmma wmma;                 /* a wmma instruction's modifiers */
    cux_pasync async;               /* a cp or mbarrier instruction's */
} cux_parser;

/* parse.c */
_Noreturn void cux_pfail(cux_parser *p, const cux_tok *at, const char *fmt,
                         ...) __attribute__((format(printf, 3, 4)));
void cux_pnext(cux_parser *p);
bool cux_pis(const cux_parser *p, char punct);
void cux_pexpect(cux_parser *p, char punct);
bool cux_pis_word(const cux_tok *tok, const char *word);
cux_tok cux_ppeek(const cux_parser *p);
cux_ptx_type cux_ptype_from(const char *text, uint32_t len);
/* Name lookups in the current function, then module scope: true if found;
 * *is_var says a variable (else a register). */
bool cux_plookup_local(cux_parser *p, const char *name, uint32_t len,
                       uint32_t *index, bool *is_var);
bool cux_plookup_global(cux_parser *p, const char *name, uint32_t len,
                        uint32_t *index, bool *is_func);

/* parse_wmma.c: a wmma modifier (with *t on it); the instruction's
 * checks once its operands are read */
void cux_pwmma_modifier(cux_parser *p, cux_ptx_insn *insn, const cux_tok *t);
void cux_pwmma_check(cux_parser *p, cux_ptx_insn *insn);

/* parse_async.c: a cp.async or mbarrier modifier (with *t on it); the
 * instruction's checks once its operands are read */
void cux_pasync_modifier(cux_parser *p, cux_ptx_insn *insn,
                         const cux_tok *t);
void cux_pasync_check(cux_parser *p, cux_ptx_insn *insn);

/* parse_surface.c: suld/sust's .b or .p (false if *t is neither); the
 * instruction's checks once its operands (ops[0..n)) are read */
bool cux_psurface_modifier(cux_parser *p, cux_ptx_insn *insn,
                           const cux_tok *t);
void cux_psurface_check(cux_parser *p, const cux_ptx_insn *insn,
                        const cux_ptx_operand *ops, uint32_t n);

/* parse_insn.c */
void cux_pinsn(cux_parser *p);
uint32_t cux_plabel_ref(cux_parser *p, const cux_tok *name);

#endif
