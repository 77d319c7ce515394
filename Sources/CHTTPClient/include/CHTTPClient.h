#ifndef ADO_CHTTPCLIENT_H
#define ADO_CHTTPCLIENT_H

#include <stddef.h>

/// What went wrong below HTTP. Stable numbers: the Swift side switches on them.
typedef enum {
    ADO_HTTP_OK = 0,
    ADO_HTTP_NO_LIBCURL = 1,
    ADO_HTTP_TIMEOUT = 2,
    ADO_HTTP_RESOLVE = 3,
    ADO_HTTP_CONNECT = 4,
    ADO_HTTP_TLS = 5,
    ADO_HTTP_RESET = 6,
    ADO_HTTP_OTHER = 7,
} ado_http_failure;

typedef struct {
    long status;
    ado_http_failure failure;
    /// A human-readable reason for `failure`; never contains request headers.
    char reason[256];
    /// The first bytes of the body, at most `max_body` of them (malloc'd; free with ado_http_response_free).
    unsigned char *body;
    size_t body_length;
    int body_truncated;
    char redirect_location[512];
    /// The `x-ms-continuationtoken` response header (Azure DevOps' next page), empty when absent;
    /// `continuation_truncated` when it was longer than the field, and so unusable.
    char continuation[1024];
    int continuation_truncated;
    /// The value of the last `X-TFS-ServiceError` header (Azure DevOps' reason for a refusal,
    /// URL-encoded), cut to fit and NUL-terminated; empty when there was none.
    char service_error[512];
} ado_http_response;

/// One blocking GET. Safe to call from several threads at once. `timeout_ms` bounds the whole
/// exchange (name resolution, connection, TLS, and a body that arrives slowly); below 1 it is 1,
/// never libcurl's "no timeout". The transfer is cut as soon as the body passes `max_body`.
/// Redirects are reported, never followed, so a credential header is never replayed to another
/// host. Only http and https are spoken. Every option is checked: when libcurl refuses one, the
/// request is not sent and `reason` names the option. Header strings given here are wiped from
/// libcurl's copies before they are freed.
void ado_http_get(const char *url, const char *const *headers, size_t header_count, long timeout_ms,
                  size_t max_body, ado_http_response *out);

/// `ado_http_get` with another method (POST, PUT, DELETE) and, when `body` is not NULL, a body
/// of `body_length` bytes sent as it lies (the caller's Content-Type header names it). The same
/// bounds and rules: no redirect followed, http and https only.
void ado_http_request(const char *method, const char *url, const char *const *headers, size_t header_count,
                      const unsigned char *body, size_t body_length, long timeout_ms, size_t max_body,
                      ado_http_response *out);

void ado_http_response_free(ado_http_response *response);

#endif
