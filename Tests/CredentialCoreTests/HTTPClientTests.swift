import CHTTPClient
import TestSupport
import Testing

/// The C client under the verifier, with the real libcurl: what it refuses to send.
@Suite struct HTTPClientTests {
    struct Outcome {
        var failure: ado_http_failure
        var reason: String
        var status: Int
        var body: [UInt8]
    }

    func get(_ url: String, timeoutMilliseconds: Int = 3000) -> Outcome {
        var response = ado_http_response()
        ado_http_get(url, nil, 0, timeoutMilliseconds, 4096, &response)
        defer { ado_http_response_free(&response) }
        let reason = withUnsafeBytes(of: response.reason) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        let body =
            response.body.map { Array(UnsafeBufferPointer(start: $0, count: response.body_length)) } ?? []
        return Outcome(failure: response.failure, reason: reason, status: response.status, body: body)
    }

    /// Every option libcurl refuses ends the request, named, instead of a request sent without
    /// it. libcurl refuses a string longer than its 8 MB input limit (CURLE_BAD_FUNCTION_ARGUMENT),
    /// so an address that long makes the real CURLOPT_URL fail; unchecked, the request went on
    /// and libcurl said only "No URL set!".
    @Test func anOptionLibcurlRefusesEndsTheRequestAndIsNamed() throws {
        let server = try TestHTTPServer(tokens: [:])
        let outcome = get(server.organization(named: String(repeating: "a", count: 8_000_001)))
        #expect(outcome.failure == ADO_HTTP_OTHER)
        #expect(outcome.reason.hasPrefix("libcurl refused CURLOPT_URL: "), "\(outcome.reason)")
        #expect(server.requests.isEmpty)
    }

    /// The protocol restriction holds: a file:// address is not read, though libcurl can.
    @Test func onlyHTTPAndHTTPSAreSpoken() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("page")
        try FileSnapshot.write("a local file", to: path)
        let outcome = get("file://" + path)
        #expect(outcome.failure == ADO_HTTP_OTHER)
        #expect(outcome.reason.contains("file"), "\(outcome.reason)")
        #expect(outcome.body.isEmpty)
    }

    /// libcurl reads a timeout of 0 as "never": a timeout that rounds down to 0 ms must still
    /// bound the exchange, not remove the bound.
    @Test func aTimeoutBelowOneMillisecondStillBoundsTheExchange() throws {
        let server = try TestHTTPServer(tokens: [:])
        let outcome = get(server.organization(.slow) + "/_apis/connectionData", timeoutMilliseconds: 0)
        #expect(outcome.failure == ADO_HTTP_TIMEOUT, "\(outcome.reason)")
        #expect(outcome.status == 0)
    }
}
