// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dimensionering",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dimensionering", targets: ["dimensionering"]),
        .executable(name: "dimensionering-bench", targets: ["dimensionering-bench"]),
        .library(name: "DimensioneringKit", targets: ["DimensioneringKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Debian's libglpk-dev ships no pkg-config file: the module map links -lglpk itself.
        .systemLibrary(
            name: "CGLPK",
            path: "Sources/CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // The only module that imports CGLPK. Owns every GLPK pointer.
        .target(name: "LinearProgramming", dependencies: ["CGLPK"]),
        // Debian's libxlsxwriter-dev ships xlsxwriter.pc; the module map links -lxlsxwriter as well.
        .systemLibrary(
            name: "CXLSXWriter",
            path: "Sources/CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // Plain-value workbooks written with libxlsxwriter (the only module that imports CXLSXWriter),
        // and .xlsx inputs read back as rows of text.
        .target(
            name: "Spreadsheet",
            dependencies: ["CXLSXWriter", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Everything else: exact arithmetic, apportionment, planning, reports.
        .target(
            name: "DimensioneringKit",
            dependencies: [
                "LinearProgramming",
                "Spreadsheet",
                .product(name: "BigInt", package: "BigInt"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "dimensionering",
            dependencies: [
                "DimensioneringKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "dimensionering-bench",
            dependencies: ["DimensioneringKit", "LinearProgramming"]
        ),
        // CGLPK directly: the memory test asks GLPK itself how many blocks it holds.
        .testTarget(name: "LinearProgrammingTests", dependencies: ["LinearProgramming", "CGLPK"]),
        .testTarget(
            name: "DimensioneringKitTests",
            dependencies: ["DimensioneringKit", "LinearProgramming", .product(name: "BigInt", package: "BigInt")]
        ),
        // Depends on the executable so `swift test` always builds it first; the tests run that very
        // binary (found next to the test bundle) and fail, never skip, when it is missing.
        // The golden files are read from the source tree (UPDATE_GOLDEN=1 rewrites them there).
        .testTarget(name: "CLITests", dependencies: ["dimensionering", "DimensioneringKit"], exclude: ["Golden"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet"]),
    ],
    swiftLanguageModes: [.v6]
)
