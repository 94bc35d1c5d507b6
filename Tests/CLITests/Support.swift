import Foundation
import Testing

// Shared by the CLI suites: find the built binary and run it as a user would.

/// Where the test run happens: CI sets `CI=1` and `DIMENSIONERING_EXHAUSTIVE=1`.
enum TestEnvironment {
    static let variables = ProcessInfo.processInfo.environment
    static var isCI: Bool { ["1", "true"].contains(variables["CI"]?.lowercased() ?? "") }
    /// The long runs CI does (`DIMENSIONERING_EXHAUSTIVE=1`).
    static var isExhaustive: Bool { variables["DIMENSIONERING_EXHAUSTIVE"] == "1" }
    /// Whether a missing optional tool (chromium) must fail the run rather than skip a check.
    static var requiresEverything: Bool { isCI || isExhaustive }
}

struct BinaryNotFound: Error, CustomStringConvertible {
    var path: String
    var description: String {
        "the dimensionering binary is not at \(path) (next to the test bundle, in the same build folder): "
            + "build it with `swift build --build-tests` or run `swift test`, which builds it first"
    }
}

/// The build folder holding the test bundle: `.build/<triple>/debug` (or whatever `--scratch-path`
/// and configuration this run uses). The CLI tests use the `dimensionering` built there and only
/// that one, so they can never run a stale binary from another build folder.
private let productsDirectory: URL = {
    #if os(macOS)
    // `xctest`/`swiftpm-testing-helper` load PACKAGE.xctest from the products directory.
    if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
        return bundle.bundleURL.deletingLastPathComponent()
    }
    #endif
    // Linux: the test bundle is itself an executable, PACKAGEPackageTests.xctest, in the products directory.
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return exe.deletingLastPathComponent()
}()

/// The built `dimensionering` executable next to the test bundle; throws (the test fails) if it is missing.
func dimensioneringBinary() throws -> URL {
    let url = productsDirectory.appendingPathComponent("dimensionering")
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
          FileManager.default.isExecutableFile(atPath: url.path) else { throw BinaryNotFound(path: url.path) }
    return url
}

/// A data file the test needs (Tests/Fixtures): its path, or a failure naming it.
func requiredSharedFile(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    try #require(FileManager.default.fileExists(atPath: path),
                 "missing test data \(path) (the shared data folder next to the checkout)", sourceLocation: sourceLocation)
    return path
}

struct RunResult {
    var status: Int32
    var stdout: Data
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs the binary with `args`, in `directory` if given, with `environment` added to ours.
func runDimensionering(_ args: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> RunResult {
    try runProcess(try dimensioneringBinary(), args, in: directory, environment: environment)
}

/// Runs any program, reading its standard output and error to the end.
func runProcess(_ executable: URL, _ args: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> RunResult {
    let p = Process()
    p.executableURL = executable
    p.arguments = args
    if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    if let directory { p.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read stderr on another thread so a chatty child cannot fill one pipe while we wait on the other.
    let errData = ErrBuffer()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: o, stderr: String(decoding: errData.data, as: UTF8.self))
}

/// Written by one thread, read after `DispatchGroup.wait()` by another.
private final class ErrBuffer: @unchecked Sendable {
    var data = Data()
}

/// `text` with every run of white space (line ends too) collapsed to one space, so anchors do not
/// depend on column widths or indentation.
func collapsingSpaces(_ text: String) -> String {
    text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
}
