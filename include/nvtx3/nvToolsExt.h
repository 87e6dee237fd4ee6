/* nvtx3/nvToolsExt.h: the NVTX v3 C API (annotations for profilers:
 * marks, ranges, domains, category and thread names), for programs that
 * annotate their code.  NVTX calls do nothing unless a profiling tool is
 * injected into the process; cux has no such tool, so every call here is
 * that no-tool path: ranges and marks are dropped, handles are null, and
 * the push/pop calls answer NVTX_NO_PUSH_POP_TRACKING, as NVIDIA's NVTX
 * does with no tool attached.  Header-only, as NVTX v3 is. */
#ifndef CUX_NVTOOLSEXT_H
#define CUX_NVTOOLSEXT_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#define NVTX_VERSION 3

#ifndef NVTX_INLINE_STATIC
#define NVTX_INLINE_STATIC static inline
#endif
/* Unused-argument casts keep -Wunused-parameter builds quiet. */
#define CUX_NVTX_UNUSED(x) ((void)(x))
/* A naming call of the CUDA headers (nvToolsExtCuda.h, ...CudaRt.h). */
#define CUX_NVTX_NAME(fn, object_type, char_type)                          \
    NVTX_INLINE_STATIC void fn(object_type object, const char_type *name)  \
    {                                                                      \
        CUX_NVTX_UNUSED(object), CUX_NVTX_UNUSED(name);                    \
    }

#ifdef __cplusplus
extern "C" {
#endif

/* What the push/pop calls return when no tool tracks the nesting. */
#define NVTX_NO_PUSH_POP_TRACKING ((int)-2)

typedef uint64_t nvtxRangeId_t;
typedef struct nvtxDomainRegistration_st nvtxDomainRegistration;
typedef nvtxDomainRegistration *nvtxDomainHandle_t;
typedef struct nvtxStringRegistration_st nvtxStringRegistration;
typedef nvtxStringRegistration *nvtxStringHandle_t;
typedef struct nvtxResourceHandle *nvtxResourceHandle_t;

typedef enum nvtxColorType_t {
    NVTX_COLOR_UNKNOWN = 0,
    NVTX_COLOR_ARGB = 1
} nvtxColorType_t;

typedef enum nvtxMessageType_t {
    NVTX_MESSAGE_UNKNOWN = 0,
    NVTX_MESSAGE_TYPE_ASCII = 1,
    NVTX_MESSAGE_TYPE_UNICODE = 2,
    NVTX_MESSAGE_TYPE_REGISTERED = 3
} nvtxMessageType_t;

typedef union nvtxMessageValue_t {
    const char *ascii;
    const wchar_t *unicode;
    nvtxStringHandle_t registered;
} nvtxMessageValue_t;

typedef enum nvtxPayloadType_t {
    NVTX_PAYLOAD_UNKNOWN = 0,
    NVTX_PAYLOAD_TYPE_UNSIGNED_INT64 = 1,
    NVTX_PAYLOAD_TYPE_INT64 = 2,
    NVTX_PAYLOAD_TYPE_DOUBLE = 3,
    NVTX_PAYLOAD_TYPE_UNSIGNED_INT32 = 4,
    NVTX_PAYLOAD_TYPE_INT32 = 5,
    NVTX_PAYLOAD_TYPE_FLOAT = 6
} nvtxPayloadType_t;

/* An event's attributes; version and size say which fields are set. */
typedef struct nvtxEventAttributes_v2 {
    uint16_t version;
    uint16_t size;
    uint32_t category;
    int32_t colorType;
    uint32_t color;
    int32_t payloadType;
    int32_t reserved0;
    union payload_t {
        uint64_t ullValue;
        int64_t llValue;
        double dValue;
        uint32_t uiValue;
        int32_t iValue;
        float fValue;
    } payload;
    int32_t messageType;
    nvtxMessageValue_t message;
} nvtxEventAttributes_v2;
typedef struct nvtxEventAttributes_v2 nvtxEventAttributes_t;

#define NVTX_EVENT_ATTRIB_STRUCT_SIZE \
    ((uint16_t)(sizeof(nvtxEventAttributes_t)))

typedef enum nvtxResourceGenericType_t {
    NVTX_RESOURCE_TYPE_UNKNOWN = 0,
    NVTX_RESOURCE_TYPE_GENERIC_POINTER = 65537,
    NVTX_RESOURCE_TYPE_GENERIC_HANDLE = 65538,
    NVTX_RESOURCE_TYPE_GENERIC_THREAD_NATIVE = 65539,
    NVTX_RESOURCE_TYPE_GENERIC_THREAD_POSIX = 65540
} nvtxResourceGenericType_t;

/* A resource's attributes, for nvtxDomainResourceCreate. */
typedef struct nvtxResourceAttributes_v0 {
    uint16_t version;
    uint16_t size;
    int32_t identifierType;
    union identifier_t {
        const void *pValue;
        uint64_t ullValue;
    } identifier;
    int32_t messageType;
    nvtxMessageValue_t message;
} nvtxResourceAttributes_v0;
typedef struct nvtxResourceAttributes_v0 nvtxResourceAttributes_t;

#define NVTX_RESOURCE_ATTRIB_STRUCT_SIZE \
    ((uint16_t)(sizeof(nvtxResourceAttributes_v0)))

/* Initialization: nothing to load without a tool. */
NVTX_INLINE_STATIC void nvtxInitialize(const void *reserved)
{
    CUX_NVTX_UNUSED(reserved);
}

/* Marks */
NVTX_INLINE_STATIC void nvtxDomainMarkEx(nvtxDomainHandle_t domain,
                                         const nvtxEventAttributes_t *attr)
{
    CUX_NVTX_UNUSED(domain), CUX_NVTX_UNUSED(attr);
}
NVTX_INLINE_STATIC void nvtxMarkEx(const nvtxEventAttributes_t *attr)
{
    CUX_NVTX_UNUSED(attr);
}
NVTX_INLINE_STATIC void nvtxMarkA(const char *message)
{
    CUX_NVTX_UNUSED(message);
}
NVTX_INLINE_STATIC void nvtxMarkW(const wchar_t *message)
{
    CUX_NVTX_UNUSED(message);
}

/* Start/end ranges: no tool, no range; the id is 0. */
NVTX_INLINE_STATIC nvtxRangeId_t nvtxDomainRangeStartEx(
    nvtxDomainHandle_t domain, const nvtxEventAttributes_t *attr)
{
    CUX_NVTX_UNUSED(domain), CUX_NVTX_UNUSED(attr);
    return 0;
}
NVTX_INLINE_STATIC void nvtxDomainRangeEnd(nvtxDomainHandle_t domain,
                                           nvtxRangeId_t id)
{
    CUX_NVTX_UNUSED(domain), CUX_NVTX_UNUSED(id);
}
NVTX_INLINE_STATIC nvtxRangeId_t nvtxRangeStartEx(
    const nvtxEventAttributes_t *attr)
{
    CUX_NVTX_UNUSED(attr);
    return 0;
}
NVTX_INLINE_STATIC nvtxRangeId_t nvtxRangeStartA(const char *message)
{
    CUX_NVTX_UNUSED(message);
    return 0;
}
NVTX_INLINE_STATIC nvtxRangeId_t nvtxRangeStartW(const wchar_t *message)
{
    CUX_NVTX_UNUSED(message);
    return 0;
}
NVTX_INLINE_STATIC void nvtxRangeEnd(nvtxRangeId_t id)
{
    CUX_NVTX_UNUSED(id);
}

/* Push/pop ranges */
NVTX_INLINE_STATIC int nvtxDomainRangePushEx(nvtxDomainHandle_t domain,
                                             const nvtxEventAttributes_t *attr)
{
    CUX_NVTX_UNUSED(domain), CUX_NVTX_UNUSED(attr);
    return NVTX_NO_PUSH_POP_TRACKING;
}
NVTX_INLINE_STATIC int nvtxDomainRangePop(nvtxDomainHandle_t domain)
{
    CUX_NVTX_UNUSED(domain);
    return NVTX_NO_PUSH_POP_TRACKING;
}
NVTX_INLINE_STATIC int nvtxRangePushEx(const nvtxEventAttributes_t *attr)
{
    CUX_NVTX_UNUSED(attr);
    return NVTX_NO_PUSH_POP_TRACKING;
}
NVTX_INLINE_STATIC int nvtxRangePushA(const char *message)
{
    CUX_NVTX_UNUSED(message);
    return NVTX_NO_PUSH_POP_TRACKING;
}
NVTX_INLINE_STATIC int nvtxRangePushW(const wchar_t *message)
{
    CUX_NVTX_UNUSED(message);
    return NVTX_NO_PUSH_POP_TRACKING;
}
NVTX_INLINE_STATIC int nvtxRangePop(void)
{
    return NVTX_NO_PUSH_POP_TRACKING;
}

/* Resources */
NVTX_INLINE_STATIC nvtxResourceHandle_t nvtxDomainResourceCreate(
    nvtxDomainHandle_t domain, nvtxResourceAttributes_t *attribs)
{
    CUX_NVTX_UNUSED(domain), CUX_NVTX_UNUSED(attribs);
    return NULL;
}
NVTX_INLINE_STATIC void nvtxDomainResourceDestroy(
    nvtxResourceHandle_t resource)
{
    CUX_NVTX_UNUSED(resource);
}

/* Names of categories and threads */
NVTX_INLINE_STATIC void nvtxDomainNameCategoryA(nvtxDomainHandle_t domain,
                                                uint32_t category,
                                                const char *name)
{
    CUX_NVTX_UNUSED(domain), CUX_NVTX_UNUSED(category), CUX_NVTX_UNUSED(name);
}
NVTX_INLINE_STATIC void nvtxDomainNameCategoryW(nvtxDomainHandle_t domain,
                                                uint32_t category,
                                                const wchar_t *name)
{
    CUX_NVTX_UNUSED(domain), CUX_NVTX_UNUSED(category), CUX_NVTX_UNUSED(name);
}
NVTX_INLINE_STATIC void nvtxNameCategoryA(uint32_t category, const char *name)
{
    CUX_NVTX_UNUSED(category), CUX_NVTX_UNUSED(name);
}
NVTX_INLINE_STATIC void nvtxNameCategoryW(uint32_t category,
                                          const wchar_t *name)
{
    CUX_NVTX_UNUSED(category), CUX_NVTX_UNUSED(name);
}
NVTX_INLINE_STATIC void nvtxNameOsThreadA(uint32_t threadId, const char *name)
{
    CUX_NVTX_UNUSED(threadId), CUX_NVTX_UNUSED(name);
}
NVTX_INLINE_STATIC void nvtxNameOsThreadW(uint32_t threadId,
                                          const wchar_t *name)
{
    CUX_NVTX_UNUSED(threadId), CUX_NVTX_UNUSED(name);
}

/* Registered strings and domains: null handles, which every call above
 * accepts. */
NVTX_INLINE_STATIC nvtxStringHandle_t nvtxDomainRegisterStringA(
    nvtxDomainHandle_t domain, const char *string)
{
    CUX_NVTX_UNUSED(domain), CUX_NVTX_UNUSED(string);
    return NULL;
}
NVTX_INLINE_STATIC nvtxStringHandle_t nvtxDomainRegisterStringW(
    nvtxDomainHandle_t domain, const wchar_t *string)
{
    CUX_NVTX_UNUSED(domain), CUX_NVTX_UNUSED(string);
    return NULL;
}
NVTX_INLINE_STATIC nvtxDomainHandle_t nvtxDomainCreateA(const char *name)
{
    CUX_NVTX_UNUSED(name);
    return NULL;
}
NVTX_INLINE_STATIC nvtxDomainHandle_t nvtxDomainCreateW(const wchar_t *name)
{
    CUX_NVTX_UNUSED(name);
    return NULL;
}
NVTX_INLINE_STATIC void nvtxDomainDestroy(nvtxDomainHandle_t domain)
{
    CUX_NVTX_UNUSED(domain);
}

#ifdef UNICODE
#define nvtxMark nvtxMarkW
#define nvtxRangeStart nvtxRangeStartW
#define nvtxRangePush nvtxRangePushW
#define nvtxNameCategory nvtxNameCategoryW
#define nvtxNameOsThread nvtxNameOsThreadW
#define nvtxDomainCreate nvtxDomainCreateW
#define nvtxDomainRegisterString nvtxDomainRegisterStringW
#define nvtxDomainNameCategory nvtxDomainNameCategoryW
#else
#define nvtxMark nvtxMarkA
#define nvtxRangeStart nvtxRangeStartA
#define nvtxRangePush nvtxRangePushA
#define nvtxNameCategory nvtxNameCategoryA
#define nvtxNameOsThread nvtxNameOsThreadA
#define nvtxDomainCreate nvtxDomainCreateA
#define nvtxDomainRegisterString nvtxDomainRegisterStringA
#define nvtxDomainNameCategory nvtxDomainNameCategoryA
#endif

#ifdef __cplusplus
}
#endif

#endif
