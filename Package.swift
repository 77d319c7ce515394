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
        .target(name: "CHTTPClient"),
        // prctl(PR_SET_DUMPABLE) and the core limit: prctl is variadic, which Swift cannot call.
        .target(name: "CProcessHardening"),
        // libsecret, loaded with dlopen on the first keyring call for the same reason: linking it
        // costs every process GLib's start-up (2.5 ms), and most runs never reach a keyring.
        .target(name: "SecretShim"),
        // libsecret's real headers, for the test that checks the shim's declarations against them.
        .systemLibrary(name: "CSecret", pkgConfig: "libsecret-1", providers: [.apt(["libsecret-1-dev"])]),
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
        // The command line; a thin layer over CredentialCore.
        .executableTarget(
            name: "ado-accounts",
            dependencies: [
                "CredentialCore",
                "AccountsTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared by the test targets: temporary directories, process spawning, a local HTTP server.
        .target(name: "TestSupport", dependencies: ["CredentialCore"], path: "Tests/TestSupport"),
        .testTarget(name: "CredentialCoreTests", dependencies: ["CredentialCore", "TestSupport"]),
        // The Secret Service store against a real gnome-keyring and python-keyring (run them with
        // Tests/Scripts/with-keyring.sh); the ABI check compiles the shim's declarations
        // against libsecret's headers.
        .target(name: "SecretABICheck", dependencies: ["CSecret"], path: "Tests/SecretABICheck"),
        .testTarget(
            name: "SecretServiceTests",
            dependencies: ["CredentialCore", "ado-accounts", "TestSupport", "SecretABICheck"]),
        // Runs the built binary; depending on the executable makes `swift test` build it first.
        .testTarget(name: "CommandLineTests", dependencies: ["ado-accounts", "TestSupport"]),
        // Golden/ holds the frames GoldenFrameTests compares with (read from the source tree).
        .testTarget(
            name: "AccountsTUITests",
            dependencies: ["AccountsUI", "AccountsTUI", "ado-accounts", "TestSupport"], exclude: ["Golden"]),
    ]
)
