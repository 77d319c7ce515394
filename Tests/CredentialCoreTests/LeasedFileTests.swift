import Foundation
import TestSupport
import Testing

@testable import CredentialCore

/// What a refused lease means on each kind of file system. NFSv4 and SMB refuse a lease with
/// EAGAIN whenever the server granted no delegation (oplock), which says nothing about a
/// writer: taken for one, every read there waited 5 s and failed. No such mount can be made
/// here, so the mount table is given as the kernel writes it.
@Suite struct LeasedFileTests {
    static let mountTable = """
        22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
        36 22 0:52 / /home rw,relatime shared:12 - nfs4 server:/home rw,vers=4.2,addr=10.0.0.2
        37 22 0:53 / /srv/share rw,relatime - cifs //server/share rw,vers=3.1.1
        38 22 0:54 / /tmp rw,nosuid,nodev shared:13 master:2 - tmpfs tmpfs rw
        """

    func device(_ major: UInt64, _ minor: UInt64) -> UInt64 { major << 8 | minor }

    @Test func aRefusalOnNFSOrSMBIsNoWriter() {
        let table = Array(Self.mountTable.utf8)
        #expect(LeasedFile.fileSystemType(device: device(0, 52), mountTable: table) == "nfs4")
        #expect(LeasedFile.fileSystemType(device: device(0, 53), mountTable: table) == "cifs")
        #expect(LeasedFile.fileSystemType(device: device(0, 54), mountTable: table) == "tmpfs")
        #expect(LeasedFile.fileSystemType(device: device(254, 0), mountTable: table) == "ext4")
        #expect(LeasedFile.fileSystemType(device: device(9, 9), mountTable: table) == nil)

        #expect(LeasedFile.refused(EAGAIN, fileSystem: "nfs4") == .unsupported)
        #expect(LeasedFile.refused(EAGAIN, fileSystem: "cifs") == .unsupported)
        #expect(LeasedFile.refused(EAGAIN, fileSystem: "ext4") == .writerActive)
        #expect(LeasedFile.refused(EAGAIN, fileSystem: nil) == .writerActive)
        #expect(LeasedFile.refused(EINVAL, fileSystem: nil) == .unsupported)
    }

    /// The real mount table names the file system of a file here, and it is a local one.
    @Test func theMountTableNamesTheFileSystemOfAFileHere() throws {
        let directory = try TemporaryDirectory()
        let path = directory.appending("file")
        try FileSnapshot.write("x", to: path)
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let type = LeasedFile.fileSystemType(of: descriptor)
        let known = (FileSnapshot.text("/proc/filesystems") ?? "").split(whereSeparator: \.isWhitespace)
        #expect(type.map { known.contains(Substring($0)) } == true, "\(type ?? "none")")
        #expect(type.map(LeasedFile.networkFileSystems.contains) == false)
    }
}
