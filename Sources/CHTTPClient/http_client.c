// A minimal HTTP GET on top of libcurl, loaded with dlopen on first use.
//
// Linking libcurl directly would load OpenSSL, nghttp2, libssh2, Kerberos and LDAP into every
// process, including `ado-accounts list`, which never talks to the network. The declarations,
// option numbers and error codes are libcurl's own headers (the CCurl target, which links
// nothing); the few functions needed are resolved on demand.
#define _GNU_SOURCE
#include "CHTTPClient.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if LIBCURL_VERSION_NUM < 0x075500
// Headers older than 7.85 do not name it; the number is libcurl's stable ABI.
#define CURLOPT_PROTOCOLS_STR ((CURLoption)(CURLOPTTYPE_STRINGPOINT + 318))
#endif

/// Every function called: one list for the table's fields and for the dlsym loop.
#define CURL_FUNCTIONS(X)                                                                        \
    X(curl_global_init)                                                                          \
    X(curl_easy_init)                                                                            \
    X(curl_easy_setopt)                                                                          \
    X(curl_easy_perform)                                                                         \
    X(curl_easy_getinfo)                                                                         \
    X(curl_easy_cleanup)                                                                         \
    X(curl_easy_strerror)                                                                        \
    X(curl_slist_append)                                                                         \
    X(curl_slist_free_all)

static struct {
#define CURL_FIELD(function) __typeof__(&function) function;
    CURL_FUNCTIONS(CURL_FIELD)
#undef CURL_FIELD
} curl;

static int loaded;
static char load_error[200];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++) {
        handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (handle == NULL) {
        snprintf(load_error, sizeof load_error, "libcurl is not installed (apt-get install libcurl4)");
        return;
    }
#define CURL_LOAD(function)                                                                      \
    *(void **)&curl.function = dlsym(handle, #function);                                         \
    if (curl.function == NULL) {                                                                 \
        snprintf(load_error, sizeof load_error, "libcurl lacks %s", #function);                 \
        return;                                                                                  \
    }
    CURL_FUNCTIONS(CURL_LOAD)
#undef CURL_LOAD
    if (curl.curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "libcurl failed to initialise");
        return;
    }
    loaded = 1;
}

typedef struct {
    ado_http_response *response;
    size_t capacity;
    size_t max_body;
} body_sink;

static size_t write_body(char *data, size_t size, size_t count, void *context) {
    body_sink *sink = context;
    ado_http_response *r = sink->response;
    size_t length = size * count;
    size_t room = sink->max_body - r->body_length;
    size_t take = length < room ? length : room;
    if (take > 0) {
        size_t needed = r->body_length + take;
        if (needed > sink->capacity) {
            size_t capacity = sink->capacity ? sink->capacity : 4096;
            while (capacity < needed) capacity *= 2;
            if (capacity > sink->max_body) capacity = sink->max_body;
            unsigned char *grown = realloc(r->body, capacity);
            if (grown == NULL) return 0;
            r->body = grown;
            sink->capacity = capacity;
        }
        memcpy(r->body + r->body_length, data, take);
        r->body_length += take;
    }
    if (take < length) {
        r->body_truncated = 1;
        return 0;  // stops the transfer: the rest of an oversized body is never read
    }
    return length;
}

/// The length of a header line's value once the name (`name_length` bytes) and the blanks and
/// line end around the value are left out; `*value` is where it starts.
static size_t header_value(const char *data, size_t length, size_t name_length, const char **value) {
    const char *start = data + name_length;
    size_t value_length = length - name_length;
    while (value_length > 0 && (*start == ' ' || *start == '\t')) start++, value_length--;
    while (value_length > 0 && (start[value_length - 1] == '\r' || start[value_length - 1] == '\n' ||
                                start[value_length - 1] == ' ' || start[value_length - 1] == '\t'))
        value_length--;
    *value = start;
    return value_length;
}

/// Keeps the response headers callers read: Azure DevOps' continuation token for the next page,
/// and its reason for refusing a token (an expired PAT gets 401 with `X-TFS-ServiceError`).
/// libcurl hands every header line here, without following redirects.
static size_t read_header(char *data, size_t size, size_t count, void *context) {
    ado_http_response *r = context;
    size_t length = size * count;
    static const char name[] = "x-ms-continuationtoken:";
    size_t name_length = sizeof name - 1;
    static const char error_name[] = "X-TFS-ServiceError:";
    size_t error_name_length = sizeof error_name - 1;
    const char *value;
    if (length > name_length && strncasecmp(data, name, name_length) == 0) {
        size_t value_length = header_value(data, length, name_length, &value);
        if (value_length >= sizeof r->continuation) {
            r->continuation_truncated = 1;
            r->continuation[0] = '\0';
        } else {
            memcpy(r->continuation, value, value_length);
            r->continuation[value_length] = '\0';
            r->continuation_truncated = 0;
        }
    } else if (length > error_name_length && strncasecmp(data, error_name, error_name_length) == 0) {
        // Bounded by the field: a longer reason is cut.
        size_t take = header_value(data, length, error_name_length, &value);
        if (take > sizeof r->service_error - 1) take = sizeof r->service_error - 1;
        memcpy(r->service_error, value, take);
        r->service_error[take] = '\0';
    }
    return length;
}

static void wipe_and_free(struct curl_slist *list) {
    for (struct curl_slist *node = list; node != NULL; node = node->next) {
        if (node->data != NULL) explicit_bzero(node->data, strlen(node->data));
    }
    curl.curl_slist_free_all(list);
}

static ado_http_failure classify(CURLcode code) {
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return ADO_HTTP_TIMEOUT;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return ADO_HTTP_RESOLVE;
    case CURLE_COULDNT_CONNECT: return ADO_HTTP_CONNECT;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_OBSOLETE51:  // a failed peer verification, before libcurl 7.62
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS: return ADO_HTTP_TLS;
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR: return ADO_HTTP_RESET;
    default: return ADO_HTTP_OTHER;
    }
}

/// Ends a request that libcurl would not configure as asked: sent without its timeout or its
/// protocol restriction, it would not be the request the caller made.
static int refuse(ado_http_response *out, const char *option, CURLcode code) {
    out->failure = ADO_HTTP_OTHER;
    snprintf(out->reason, sizeof out->reason, "libcurl refused %s: %s", option, curl.curl_easy_strerror(code));
    return 0;
}

// SET_OPTION checks libcurl's answer. libcurl reads an option's argument as the type the
// option's number encodes (CURLOPTTYPE_*): a long below CURLOPTTYPE_OBJECTPOINT, a pointer from
// there to CURLOPTTYPE_OFF_T. Anything else through its variadic setter is undefined behaviour,
// which SET_LONG and SET_POINTER rule out at compile time.
#define SET_OPTION(option, value)                                                                \
    do {                                                                                         \
        CURLcode set_code = curl.curl_easy_setopt(handle, option, value);                        \
        if (set_code != CURLE_OK) return refuse(out, #option, set_code);                         \
    } while (0)
#define SET_LONG(option, value)                                                                  \
    do {                                                                                         \
        _Static_assert((option) < CURLOPTTYPE_OBJECTPOINT, #option " takes a long");            \
        SET_OPTION(option, (long)(value));                                                       \
    } while (0)
#define SET_POINTER(option, value)                                                               \
    do {                                                                                         \
        _Static_assert((option) >= CURLOPTTYPE_OBJECTPOINT && (option) < CURLOPTTYPE_OFF_T,     \
                       #option " takes a pointer");                                              \
        SET_OPTION(option, value);                                                               \
    } while (0)

/// Sets every option of the request; 0, with `out` filled, when libcurl refuses one.
static int configure(CURL *handle, const char *method, const char *url, struct curl_slist *headers,
                     const unsigned char *body, size_t body_length, char *error_buffer, body_sink *sink,
                     long timeout_ms, ado_http_response *out) {
    SET_POINTER(CURLOPT_URL, url);
    if (strcmp(method, "GET") != 0) {
        // The body is sent from the caller's buffer, never copied: a token in it is wiped there.
        SET_POINTER(CURLOPT_CUSTOMREQUEST, method);
        if (body != NULL) {
            SET_POINTER(CURLOPT_POSTFIELDS, body);
            SET_OPTION(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
        }
    }
    SET_POINTER(CURLOPT_HTTPHEADER, headers);
    SET_POINTER(CURLOPT_ERRORBUFFER, error_buffer);
    SET_POINTER(CURLOPT_WRITEFUNCTION, write_body);
    SET_POINTER(CURLOPT_WRITEDATA, sink);
    SET_POINTER(CURLOPT_HEADERFUNCTION, read_header);
    SET_POINTER(CURLOPT_HEADERDATA, out);
    SET_POINTER(CURLOPT_USERAGENT, "ado-accounts");
    SET_LONG(CURLOPT_FOLLOWLOCATION, 0);
    SET_LONG(CURLOPT_NOSIGNAL, 1);
    SET_POINTER(CURLOPT_ACCEPT_ENCODING, "");
    // libcurl reads 0 as "no timeout": a bound that rounded down to 0 ms must stay a bound.
    long bound_ms = timeout_ms < 1 ? 1 : timeout_ms;
    SET_LONG(CURLOPT_TIMEOUT_MS, bound_ms);
    SET_LONG(CURLOPT_CONNECTTIMEOUT_MS, bound_ms);
    // Only http and https, whatever else this libcurl was built with (file://, ftp://, ...).
    // CURLOPT_PROTOCOLS_STR arrived in libcurl 7.85; an older one answers CURLE_UNKNOWN_OPTION,
    // and there the bitmask it replaced does the same job.
    CURLcode code = curl.curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    if (code == CURLE_UNKNOWN_OPTION) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        SET_LONG(CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#pragma GCC diagnostic pop
    } else if (code != CURLE_OK) {
        return refuse(out, "CURLOPT_PROTOCOLS_STR", code);
    }
    return 1;
}

void ado_http_get(const char *url, const char *const *headers, size_t header_count, long timeout_ms,
                  size_t max_body, ado_http_response *out) {
    ado_http_request("GET", url, headers, header_count, NULL, 0, timeout_ms, max_body, out);
}

void ado_http_request(const char *method, const char *url, const char *const *headers, size_t header_count,
                      const unsigned char *body, size_t body_length, long timeout_ms, size_t max_body,
                      ado_http_response *out) {
    memset(out, 0, sizeof *out);
    pthread_once(&load_once, load_curl);
    if (!loaded) {
        out->failure = ADO_HTTP_NO_LIBCURL;
        snprintf(out->reason, sizeof out->reason, "%s", load_error);
        return;
    }
    CURL *handle = curl.curl_easy_init();
    if (handle == NULL) {
        out->failure = ADO_HTTP_OTHER;
        snprintf(out->reason, sizeof out->reason, "libcurl could not create a request");
        return;
    }
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < header_count; i++) {
        struct curl_slist *grown = curl.curl_slist_append(list, headers[i]);
        if (grown == NULL) {
            // A request without one of its headers (the credential, say) is not the one asked for.
            out->failure = ADO_HTTP_OTHER;
            snprintf(out->reason, sizeof out->reason, "libcurl could not add a request header");
            curl.curl_easy_cleanup(handle);
            wipe_and_free(list);
            return;
        }
        list = grown;
    }

    char error_buffer[CURL_ERROR_SIZE] = {0};
    body_sink sink = {.response = out, .capacity = 0, .max_body = max_body};
    if (configure(handle, method, url, list, body, body_length, error_buffer, &sink, timeout_ms, out)) {
        CURLcode code = curl.curl_easy_perform(handle);
        long status = 0;
        if (curl.curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK) out->status = status;
        char *location = NULL;
        if (curl.curl_easy_getinfo(handle, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location != NULL) {
            snprintf(out->redirect_location, sizeof out->redirect_location, "%s", location);
        }
        if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && out->body_truncated)) {
            out->failure = classify(code);
            const char *detail = error_buffer[0] != '\0' ? error_buffer : curl.curl_easy_strerror(code);
            snprintf(out->reason, sizeof out->reason, "%s", detail);
        }
    }
    curl.curl_easy_cleanup(handle);
    wipe_and_free(list);
}

void ado_http_response_free(ado_http_response *response) {
    free(response->body);
    response->body = NULL;
    response->body_length = 0;
}
