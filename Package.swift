// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ado-accounts",
    products: [
        .executable(name: "ado-accounts", targets: ["ado-accounts"]),
        .library(name: "CredentialCore", targets: ["CredentialCore"]),
        .library(name: "AccountsUI", targets: ["AccountsUI"]),
        .library(name: "AccountsTUI", targets: ["AccountsTUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // libcurl, loaded with dlopen on the first verification so that commands which never
        // touch the network (list, use, token) do not pay for TLS libraries at start-up.
        .target(name: "CHTTPClient", dependencies: ["CCurl"]),
        // libcurl's headers and no library: see Sources/CCurl/libcurl-headers.pc.
        .systemLibrary(
            name: "CCurl", pkgConfig: Context.packageDirectory + "/Sources/CCurl/libcurl-headers.pc",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        // What Swift cannot call or write: prctl (variadic) for the core limit and
        // PR_SET_DUMPABLE, the close-on-exec pipe2 and mkostemp and the spawn action that closes
        // inherited descriptors (GNU extensions Swift's Glibc leaves out), and the prompt's
        // echo-off signal handlers (a handler must not run Swift code).
        .target(name: "CProcessHardening"),
        // libsecret, loaded with dlopen on the first keyring call for the same reason: linking it
        // costs every process GLib's start-up (2.5 ms), and most runs never reach a keyring.
        .target(name: "SecretShim", dependencies: ["CSecret"]),
        // libsecret's headers and no library: see Sources/CSecret/libsecret-headers.pc.
        .systemLibrary(
            name: "CSecret", pkgConfig: Context.packageDirectory + "/Sources/CSecret/libsecret-headers.pc",
            providers: [.apt(["libsecret-1-dev"])]),
        // The rules: organizations, keys, stores, defaults, resolution, verification. No UI.
        .target(name: "CredentialCore", dependencies: ["CHTTPClient", "SecretShim", "CProcessHardening"]),
        // ncursesw as Swift sees it, and the C shim for what does not import (macros, globals).
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "CursesShim", dependencies: ["CNcursesw"]),
        // The full-screen front end as values: the Elm-style model, update and view, the keymap,
        // the frame and the input decoder. No terminal library: the compiler keeps it pure.
        .target(name: "AccountsUI", dependencies: ["CredentialCore"]),
        // That front end on a terminal: the loop, ncurses, the painter and theme, and the effects
        // run against the core.
        .target(
            name: "AccountsTUI", dependencies: ["AccountsUI", "CredentialCore", "CNcursesw", "CursesShim"]),
        // The command line; a thin layer over CredentialCore. Each command runs against a
        // CommandContext (environment, streams), so that tests run it in-process.
        .target(
            name: "ADOAccountsCLI",
            dependencies: [
                "CredentialCore",
                "AccountsTUI",
                "CProcessHardening",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The process around it: hardening, the real streams, the exit status.
        .executableTarget(name: "ado-accounts", dependencies: ["ADOAccountsCLI", "CredentialCore"]),
        // Shared by the test targets: temporary directories, process spawning, a local HTTP server.
        .target(name: "TestSupport", dependencies: ["CredentialCore"], path: "Tests/TestSupport"),
        .testTarget(name: "CredentialCoreTests", dependencies: ["CredentialCore", "TestSupport"]),
        // The Secret Service store against a real gnome-keyring and python-keyring (run them with
        // Tests/Scripts/with-keyring.sh).
        .testTarget(
            name: "SecretServiceTests", dependencies: ["CredentialCore", "ado-accounts", "TestSupport"]),
        // Runs the built binary; depending on the executable makes `swift test` build it first.
        // Only what needs a real process: signals, prompts on a terminal, argv and environment
        // hygiene, exec, crashes, locks between processes.
        .testTarget(name: "CommandLineTests", dependencies: ["ado-accounts", "TestSupport"]),
        // The commands run in-process, on buffers, against real files and servers.
        .testTarget(name: "CommandTests", dependencies: ["ADOAccountsCLI", "CredentialCore", "TestSupport"]),
        // Golden/ holds the frames GoldenFrameTests compares with (read from the source tree).
        .testTarget(
            name: "AccountsTUITests",
            dependencies: ["AccountsUI", "AccountsTUI", "ado-accounts", "TestSupport"], exclude: ["Golden"]),
    ]
)
