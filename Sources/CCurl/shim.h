// libcurl's real headers, which CHTTPClient compiles against. The module links nothing (no
// `link` here, and libcurl-headers.pc passes on no library): the product loads libcurl with
// dlopen, see Sources/CHTTPClient/http_client.c.
#include <curl/curl.h>
