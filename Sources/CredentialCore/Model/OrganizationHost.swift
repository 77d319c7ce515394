#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The host of an organization URL, as the rules about where a token may go see it: the name a
/// request really goes to, whether it is this machine or Azure DevOps Services, and whether it
/// only looks like Azure DevOps Services.
struct OrganizationHost {
    /// Lowercased as az lowercases it; Unicode kept; an IPv6 address in brackets.
    let name: String
    /// What came before '@' in the URL, when something did.
    let userInfo: String?

    static let servicesHosts = ["dev.azure.com", "visualstudio.com"]

    /// As DNS sees it: internationalized labels in their ASCII (punycode) form.
    var ascii: String { Punycode.asciiHost(name) }

    /// Without the final dot that makes a name absolute (`dev.azure.com.` is dev.azure.com).
    private var relativeASCII: String {
        let ascii = ascii
        return ascii.hasSuffix(".") ? String(ascii.dropLast()) : ascii
    }

    /// dev.azure.com, visualstudio.com and their subdomains: Microsoft's service, only ever
    /// reached over https.
    var isAzureDevOpsServices: Bool {
        let host = relativeASCII
        return Self.servicesHosts.contains { host == $0 || host.hasSuffix("." + $0) }
    }

    /// `localhost`, 127.0.0.0/8 and ::1, written plainly: a form curl might read differently
    /// (`127.1`, octal, hexadecimal) is not counted, so it errs towards refusing plain HTTP.
    var isLoopback: Bool {
        if name == "localhost" { return true }
        if name.hasPrefix("[") && name.hasSuffix("]") {
            var address = in6_addr()
            let parsed = String(name.dropFirst().dropLast()).withCString { inet_pton(AF_INET6, $0, &address) }
            return parsed == 1
                && withUnsafeBytes(of: &address) { $0.elementsEqual([UInt8](repeating: 0, count: 15) + [1]) }
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4,
            parts.allSatisfy({
                !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigitCharacter)
                    && ($0 == "0" || !$0.hasPrefix("0")) && Int($0)! <= 255
            })
        else { return false }
        return parts[0] == "127"
    }

    /// The Azure DevOps Services host this one imitates, when it is not one: `dev.аzure.com` (a
    /// Cyrillic а), `dev-azure.com`, `dev.azure.com.evil.example`.
    var imitated: String? {
        if isAzureDevOpsServices { return nil }
        let skeleton = Self.skeleton(name)
        return Self.servicesHosts.first { skeleton.contains(Self.skeleton($0)) }
    }

    /// One phrase for people when the URL may not go where it seems to, else nil: the real host
    /// (in ASCII) when it has non-ASCII letters, imitates Azure DevOps Services, or follows user
    /// information that reads like a host name.
    var warning: String? {
        let nonASCII = name.unicodeScalars.filter { !$0.isASCII }
        let imitated = imitated
        let disguise = userInfo.flatMap { $0.contains(".") ? $0 : nil }
        guard !nonASCII.isEmpty || imitated != nil || disguise != nil else { return nil }
        var text = "the host is \(Printable.sanitized(ascii, limit: 120))"
        if !nonASCII.isEmpty {
            var distinct: [Unicode.Scalar] = []
            for scalar in nonASCII where !distinct.contains(scalar) { distinct.append(scalar) }
            let shown = distinct.prefix(3).map { scalar in
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "\(scalar) U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
            text += " (non-ASCII: \(shown.joined(separator: ", "))\(distinct.count > 3 ? ", …" : ""))"
        }
        if let imitated { text += ", not \(imitated)" }
        if let disguise {
            text += "; '\(Printable.sanitized(disguise, limit: 60))@' before it is a user name"
        }
        return text
    }

    /// Letters and digits only, with look-alikes folded together, so that a host that reads
    /// like another one has the same skeleton.
    static func skeleton(_ host: String) -> String {
        var folded = ""
        for scalar in PythonLowercase.lower(host).unicodeScalars {
            guard let letter = confusable(scalar) else { continue }
            folded.unicodeScalars.append(letter)
        }
        return folded.replacing("rn", with: "m").replacing("vv", with: "w")
    }

    /// The ASCII letter or digit a character reads as; nil for punctuation and the unknown.
    private static func confusable(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "0": return "o"
        case "1", "i", "|", "\u{131}", "\u{456}", "\u{3B9}", "\u{4CF}", "\u{2170}": return "l"
        case "\u{430}", "\u{3B1}", "\u{251}": return "a"
        case "\u{435}", "\u{3B5}": return "e"
        case "\u{43E}", "\u{3BF}": return "o"
        case "\u{440}", "\u{3C1}": return "p"
        case "\u{441}", "\u{3F2}": return "c"
        case "\u{443}": return "y"
        case "\u{445}", "\u{3C7}": return "x"
        case "\u{458}": return "j"
        case "\u{455}": return "s"
        case "\u{501}": return "d"
        case "\u{51D}": return "w"
        case "\u{475}", "\u{3BD}": return "v"
        case "\u{4BB}": return "h"
        case "\u{3C5}": return "u"
        case "\u{3BA}": return "k"
        case "\u{3C4}": return "t"
        default:
            if scalar.isASCIIAlphanumeric { return scalar }
            // Fullwidth forms read as the ASCII letters and digits they widen.
            if (0xFF41...0xFF5A).contains(scalar.value) || (0xFF10...0xFF19).contains(scalar.value) {
                return confusable(Unicode.Scalar(scalar.value - 0xFEE0)!)
            }
            return nil
        }
    }
}
