import Foundation
import TestSupport
import Testing

@testable import CredentialCore

/// Programs ado-accounts starts (az, git) get the standard three descriptors and nothing else:
/// not a descriptor this process inherited from its parent, nor one another thread has open
/// (a leased token file, a temporary file, another child's pipes).
@Suite struct SubprocessTests {
    /// What the child had open besides 0, 1 and 2, from `ls -l /proc/self/fd` run in it: every
    /// line "… N -> target" whose N is above 2, except the directory ls itself opened to list.
    static func leaked(_ listing: String) -> [String] {
        listing.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: " ")
            guard let arrow = parts.firstIndex(of: "->"), arrow > 0, let number = Int(parts[arrow - 1]),
                number > 2
            else { return nil }
            let target = parts[(arrow + 1)...].joined(separator: " ")
            return target.hasPrefix("/proc/") && target.hasSuffix("/fd") ? nil : "\(number) -> \(target)"
        }
    }

    /// A descriptor opened without close-on-exec, as one a parent process left open would be.
    static func inheritedDescriptor() throws -> Int32 {
        let descriptor = open("/dev/null", O_RDONLY)
        try #require(descriptor > 2)
        return descriptor
    }

    @Test func aCapturedProgramInheritsOnlyTheStandardDescriptors() throws {
        let inherited = try Self.inheritedDescriptor()
        defer { close(inherited) }
        let ls = try #require(Subprocess.find("ls", path: "/usr/bin:/bin"))
        let output = try Subprocess.capture(
            ls, ["-l", "/proc/self/fd"], environment: [:], timeout: .seconds(30))
        let listing = String(decoding: output.standardOutput, as: UTF8.self)
        #expect(output.status == 0)
        #expect(listing.contains(" 1 -> pipe:"), "standard output is the capture's pipe: \(listing)")
        #expect(Self.leaked(listing) == [], "\(listing)")
    }

    /// `az login` in the foreground: the terminal's three descriptors, nothing more.
    @Test func aForegroundProgramInheritsOnlyTheStandardDescriptors() throws {
        let inherited = try Self.inheritedDescriptor()
        defer { close(inherited) }
        let directory = try TemporaryDirectory()
        let listingPath = directory.appending("listing")
        let status = try Subprocess.runInForeground(
            "/bin/sh", ["-c", "exec ls -l /proc/self/fd > \"$0\"", listingPath],
            environment: ["PATH": "/usr/bin:/bin"])
        let listing = try #require(FileSnapshot.text(listingPath))
        #expect(status == 0)
        #expect(Self.leaked(listing) == [], "\(listing)")
    }
}
