import AccountsUI
import CredentialCore
import Foundation
import TestSupport
import Testing

@testable import AccountsTUI

/// The runner's side of the screen: answers that arrive after it closed, and effects that wait
/// for a slow keyring.
@Suite("Effects and the mailbox")
struct EffectRunnerTests {
    /// An effect that finishes after the screen closed (a listing, a logout) posts its answer
    /// into a closed mailbox. The pipe's numbers are free again by then and may be a file's, here
    /// as a running logout's temporary file would be: the answer must not write into it.
    @Test func anAnswerAfterTheScreenClosedWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let file = open(directory.appending("temporary"), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        #expect(file >= 0)
        defer { close(file) }
        // The mailbox's write end, closed, then given to the file. F_DUPFD takes the lowest free
        // number from the one asked for and never replaces a descriptor, so another test's file
        // that took the number first leaves it alone; a fresh mailbox then tries again.
        var reused: Int32 = -1
        var mailbox: Mailbox?
        for _ in 0..<100 where reused < 0 {
            let candidate = try Mailbox()
            let number = candidate.writeDescriptor
            candidate.close()
            let duplicate = fcntl(file, F_DUPFD_CLOEXEC, number)
            if duplicate == number {
                reused = duplicate
                mailbox = candidate
            } else if duplicate >= 0 {
                close(duplicate)
            }
        }
        try #require(reused >= 0, "the mailbox's descriptor number could not be reused")
        defer { close(reused) }

        mailbox?.post(.tick)

        var status = stat()
        fstat(reused, &status)
        #expect(status.st_size == 0, "the answer wrote \(status.st_size) byte(s) into another file")
        #expect(mailbox?.take().isEmpty == true, "a closed mailbox keeps no answer")
    }

    /// More listings than cores, each stuck in a keyring call: all are in flight at once, a
    /// task still runs meanwhile, and every answer arrives once the keyring answers. Run on the
    /// cooperative pool, the calls would take all of its threads (one per core) and the rest
    /// would wait their turn, with every other task of the process.
    @Test func slowKeyringCallsLeaveThePoolFree() async throws {
        let count = ProcessInfo.processInfo.activeProcessorCount + 2
        let directory = try TemporaryDirectory("ado-tui")
        let keyring = GatedCredentialStore(InMemoryCredentialStore(kind: .keyring))
        defer { keyring.open() }
        let manager = AccountManager(
            environment: Environment([
                "AZURE_DEVOPS_EXT_CONFIG_DIR": directory.appending("cfg"), "HOME": directory.path,
                "PATH": directory.appending("no-az"), "AZURE_CONFIG_DIR": directory.appending("azure"),
            ]),
            stores: [keyring], verifier: StubVerifier())
        let mailbox = try Mailbox()
        let runner = EffectRunner(manager: manager, mailbox: mailbox)

        for generation in 0..<count { runner.run(.load(generation: generation)) }
        #expect(await Blocking.run { keyring.waitUntilWaiting(count) }, "every listing waits at once")
        #expect(await Task.detached { "ran" }.value == "ran")

        keyring.open()
        var answers: [Event] = []
        while answers.count < count {
            // The wake pipe says when answers are there; 240 s is a watchdog.
            let woke = await Blocking.run { () -> Bool in
                var descriptor = pollfd(fd: mailbox.readDescriptor, events: Int16(POLLIN), revents: 0)
                return poll(&descriptor, 1, 240_000) == 1
            }
            guard woke else { break }
            var buffer = [UInt8](repeating: 0, count: 64)
            _ = read(mailbox.readDescriptor, &buffer, buffer.count)
            answers += mailbox.take()
        }
        #expect(answers.count == count)
    }
}
