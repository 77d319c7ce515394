// A minimal HTTP GET on top of libcurl, loaded with dlopen on first use.
//
// Linking libcurl directly would load OpenSSL, nghttp2, libssh2, Kerberos and LDAP into every
// process, including `ado-accounts list`, which never talks to the network. The few symbols
// needed here are resolved on demand instead. The option numbers below are libcurl's stable ABI
// (curl/curl.h: CURLOPTTYPE_* + n); declaring them here keeps libcurl's headers out of the build.
#define _GNU_SOURCE
#include "CHTTPClient.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef void CURL;
typedef int CURLcode;
struct curl_slist {
    char *data;
    struct curl_slist *next;
};

enum {
    OPT_WRITEDATA = 10000 + 1,
    OPT_URL = 10000 + 2,
    OPT_ERRORBUFFER = 10000 + 10,
    OPT_WRITEFUNCTION = 20000 + 11,
    OPT_USERAGENT = 10000 + 18,
    OPT_HTTPHEADER = 10000 + 23,
    OPT_FOLLOWLOCATION = 52,
    OPT_NOSIGNAL = 99,
    OPT_ACCEPT_ENCODING = 10000 + 102,
    OPT_TIMEOUT_MS = 155,
    OPT_CONNECTTIMEOUT_MS = 156,
    OPT_PROTOCOLS_STR = 10000 + 318,
};
enum {
    INFO_RESPONSE_CODE = 0x200000 + 2,
    INFO_REDIRECT_URL = 0x100000 + 31,
};
enum {
    E_OK = 0,
    E_UNSUPPORTED_PROTOCOL = 1,
    E_URL_MALFORMAT = 3,
    E_COULDNT_RESOLVE_PROXY = 5,
    E_COULDNT_RESOLVE_HOST = 6,
    E_COULDNT_CONNECT = 7,
    E_WRITE_ERROR = 23,
    E_OPERATION_TIMEDOUT = 28,
    E_SSL_CONNECT_ERROR = 35,
    E_GOT_NOTHING = 52,
    E_SEND_ERROR = 55,
    E_RECV_ERROR = 56,
    E_PEER_FAILED_VERIFICATION = 60,
};
#define GLOBAL_ALL 3L

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    int loaded;
    char load_error[200];
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++) {
        handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (handle == NULL) {
        snprintf(curl.load_error, sizeof curl.load_error,
                 "libcurl is not installed (apt-get install libcurl4)");
        return;
    }
#define LOAD(field, symbol)                                                                      \
    do {                                                                                         \
        *(void **)(&curl.field) = dlsym(handle, symbol);                                         \
        if (curl.field == NULL) {                                                                \
            snprintf(curl.load_error, sizeof curl.load_error, "libcurl lacks %s", symbol);      \
            return;                                                                              \
        }                                                                                        \
    } while (0)
    LOAD(global_init, "curl_global_init");
    LOAD(easy_init, "curl_easy_init");
    LOAD(easy_setopt, "curl_easy_setopt");
    LOAD(easy_perform, "curl_easy_perform");
    LOAD(easy_getinfo, "curl_easy_getinfo");
    LOAD(easy_cleanup, "curl_easy_cleanup");
    LOAD(easy_strerror, "curl_easy_strerror");
    LOAD(slist_append, "curl_slist_append");
    LOAD(slist_free_all, "curl_slist_free_all");
#undef LOAD
    if (curl.global_init(GLOBAL_ALL) != E_OK) {
        snprintf(curl.load_error, sizeof curl.load_error, "libcurl failed to initialise");
        return;
    }
    curl.loaded = 1;
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

static void wipe_and_free(struct curl_slist *list) {
    for (struct curl_slist *node = list; node != NULL; node = node->next) {
        if (node->data != NULL) explicit_bzero(node->data, strlen(node->data));
    }
    curl.slist_free_all(list);
}

static ado_http_failure classify(CURLcode code) {
    switch (code) {
    case E_OPERATION_TIMEDOUT: return ADO_HTTP_TIMEOUT;
    case E_COULDNT_RESOLVE_HOST:
    case E_COULDNT_RESOLVE_PROXY: return ADO_HTTP_RESOLVE;
    case E_COULDNT_CONNECT: return ADO_HTTP_CONNECT;
    case E_SSL_CONNECT_ERROR:
    case E_PEER_FAILED_VERIFICATION:
    case 51: case 58: case 59: case 64: case 66: case 77: case 80: case 82: case 83: case 90: case 91:
        return ADO_HTTP_TLS;
    case E_GOT_NOTHING:
    case E_SEND_ERROR:
    case E_RECV_ERROR: return ADO_HTTP_RESET;
    default: return ADO_HTTP_OTHER;
    }
}

void ado_http_get(const char *url, const char *const *headers, size_t header_count, long timeout_ms,
                  size_t max_body, ado_http_response *out) {
    memset(out, 0, sizeof *out);
    pthread_once(&load_once, load_curl);
    if (!curl.loaded) {
        out->failure = ADO_HTTP_NO_LIBCURL;
        snprintf(out->reason, sizeof out->reason, "%s", curl.load_error);
        return;
    }
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        out->failure = ADO_HTTP_OTHER;
        snprintf(out->reason, sizeof out->reason, "libcurl could not create a request");
        return;
    }
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < header_count; i++) list = curl.slist_append(list, headers[i]);

    char error_buffer[256] = {0};
    body_sink sink = {.response = out, .capacity = 0, .max_body = max_body};
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_HTTPHEADER, list);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, error_buffer);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, write_body);
    curl.easy_setopt(handle, OPT_WRITEDATA, &sink);
    curl.easy_setopt(handle, OPT_USERAGENT, "ado-accounts");
    curl.easy_setopt(handle, OPT_FOLLOWLOCATION, 0L);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, OPT_ACCEPT_ENCODING, "");
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_PROTOCOLS_STR, "http,https");

    CURLcode code = curl.easy_perform(handle);
    long status = 0;
    curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &status);
    out->status = status;
    char *location = NULL;
    if (curl.easy_getinfo(handle, INFO_REDIRECT_URL, &location) == E_OK && location != NULL) {
        snprintf(out->redirect_location, sizeof out->redirect_location, "%s", location);
    }
    if (code != E_OK && !(code == E_WRITE_ERROR && out->body_truncated)) {
        out->failure = classify(code);
        const char *detail = error_buffer[0] != '\0' ? error_buffer : curl.easy_strerror(code);
        snprintf(out->reason, sizeof out->reason, "%s", detail);
    }
    curl.easy_cleanup(handle);
    wipe_and_free(list);
}

void ado_http_response_free(ado_http_response *response) {
    free(response->body);
    response->body = NULL;
    response->body_length = 0;
}
