/// Punycode (RFC 3492), to show an internationalized host name the way DNS sees it: a host such
/// as `dev.аzure.com` (with a Cyrillic `а`) reads like Azure DevOps' own, and its ASCII form
/// `xn--dev-zure-…` does not. Only encoding is needed.
enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700

    /// A label's ASCII form: itself when it is ASCII, else `xn--` and its encoding.
    static func asciiLabel(_ label: some StringProtocol) -> String {
        if label.utf8.allSatisfy({ $0 < 0x80 }) { return String(label) }
        return "xn--" + encode(Array(label.unicodeScalars.map(\.value)))
    }

    /// A host name's ASCII form, label by label (dots, and a final dot, kept).
    static func asciiHost(_ host: String) -> String {
        if host.utf8.allSatisfy({ $0 < 0x80 }) { return host }
        return host.split(separator: ".", omittingEmptySubsequences: false).map(asciiLabel).joined(
            separator: ".")
    }

    static func encode(_ input: [UInt32]) -> String {
        var output: [UInt8] = input.filter { $0 < 0x80 }.map { UInt8($0) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }
        var n: UInt32 = 0x80
        var delta = 0
        var bias = 72
        while handled < input.count {
            let next = input.filter { $0 >= n }.min()!
            delta += Int(next - n) * (handled + 1)
            n = next
            for code in input {
                if code < n { delta += 1 }
                guard code == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, points: handled + 1, first: handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func digit(_ value: Int) -> UInt8 {
        value < 26 ? UInt8(ascii: "a") + UInt8(value) : UInt8(ascii: "0") + UInt8(value - 26)
    }

    private static func adapt(_ delta: Int, points: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / points
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}
