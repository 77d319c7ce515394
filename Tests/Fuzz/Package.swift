// swift-tools-version:6.0
// Fuzz targets for every parser of outside input, built only by Tests/Fuzz/fuzz.sh (with
// -sanitize=fuzzer), so that `swift build` and `swift test` of the package never see them. The
// checks are a dynamic library exporting libFuzzer's callbacks; fuzz.sh links Driver/ with
// libFuzzer's main against it.
import Foundation
import PackageDescription

// A path dependency is named after its directory, which is whatever the clone is called.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
    .deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

let package = Package(
    name: "ado-accounts-fuzz",
    products: [.library(name: "FuzzChecks", type: .dynamic, targets: ["FuzzChecks"])],
    dependencies: [.package(path: root.path)],
    targets: [
        .target(
            name: "FuzzChecks",
            dependencies: [
                .product(name: "CredentialCore", package: rootIdentity),
                .product(name: "AccountsUI", package: rootIdentity),
                .product(name: "AccountsTUI", package: rootIdentity),
            ])
    ]
)
