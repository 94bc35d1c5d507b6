import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes output files all-or-nothing, without ever destroying something that is not the output:
///
/// - a regular file (or none) is replaced atomically: the data go to a temporary file in the same
///   directory, which is flushed and renamed over the target; the replaced file's mode (and, where
///   permitted, owner and group) carry over; a failure leaves the old file untouched;
/// - a symlink is followed: its target is replaced (atomically), the link stays;
/// - a device or a named pipe (`/dev/null`, `/dev/stdout`, a FIFO with a reader) is written
///   directly, never replaced by a regular file; a FIFO with no reader and a socket are refused;
/// - an output that is one of the inputs (same device and inode, whatever the name) is refused;
/// - SIGINT, SIGTERM and SIGHUP during a write remove the temporary file before the process
///   ends; SIGXFSZ is ignored, so a file-size limit (`ulimit -f`) is a failed write (EFBIG) that is
///   reported and cleaned up like a full disk (ENOSPC), never a death that leaves the file behind;
/// - the temporary name fits wherever the target's name fits (at most 255 bytes);
/// - the bytes are either given (`write(_:to:inputs:)`) or produced by a writer that needs a path
///   (`write(to:inputs:producing:)`, libxlsxwriter): it writes into the temporary file, which is then
///   treated like given bytes; a directory of files is replaced whole (`replaceDirectory`).
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        try write(data, to: path, inputs: [])
    }

    /// Writes `data` to `path`, refusing when `path` is the same file as one of `inputs`.
    public static func write(_ data: Data, to path: String, inputs: [String]) throws {
        try write(.bytes(data), to: path, inputs: inputs)
    }

    /// Lets `produce` write the file at a temporary path this writer owns (created empty; `produce`
    /// may truncate and rewrite it), then moves it into place exactly as `write(_:to:inputs:)` does.
    /// Everything is checked before `produce` runs; if it throws, nothing is left behind.
    public static func write(to path: String, inputs: [String], producing produce: (String) throws -> Void) throws {
        try withoutActuallyEscaping(produce) { try write(.producer($0), to: path, inputs: inputs) }
    }

    enum Content {
        case bytes(Data)
        case producer((String) throws -> Void)
    }

    /// A device or FIFO is written in place, so a producer's file is made in the temporary
    /// directory first and its bytes then written through.
    static func bytes(of content: Content, fail: (String) -> DimensioneringError) throws -> Data {
        switch content {
        case let .bytes(d): return d
        case let .producer(produce):
            let tmp = NSTemporaryDirectory().appending("/" + temporaryName(for: "dimensionering"))
            let fd = tmp.withCString { registerTemporary($0); return open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
            guard fd >= 0 else { let e = errno; unregisterTemporary(); throw fail(String(cString: strerror(e))) }
            close(fd)
            defer { unlink(tmp); unregisterTemporary() }
            try produce(tmp)
            guard let d = FileManager.default.contents(atPath: tmp) else { throw fail("cannot read the temporary file back") }
            return d
        }
    }

    static func write(_ content: Content, to path: String, inputs: [String]) throws {
        func fail(_ reason: String) -> DimensioneringError {
            .cannotCreateOutput(path: path, reason: reason)
        }
        var st = stat()
        let exists = stat(path, &st) == 0  // follows symlinks
        if exists {
            for input in inputs {
                var ist = stat()
                if stat(input, &ist) == 0 && ist.st_dev == st.st_dev && ist.st_ino == st.st_ino {
                    throw fail("it is the input '\(input)'; writing it would destroy the input, so choose another output file")
                }
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: throw fail("is a directory")
            case S_IFSOCK: throw fail("is a socket, not a file")
            case S_IFREG:
                // /dev/stdout, /dev/fd/N, /proc/self/fd/N name an open file: write through it.
                if path.hasPrefix("/dev/") || path.hasPrefix("/proc/") {
                    try writeDirectly(try bytes(of: content, fail: fail), to: path, isFIFO: false, append: true, fail: fail)
                    return
                }
            default:
                try writeDirectly(try bytes(of: content, fail: fail), to: path, isFIFO: (st.st_mode & S_IFMT) == S_IFIFO, append: false, fail: fail)
                return
            }
        }
        let target = try resolveSymlinks(path, fail: fail)
        let url = URL(fileURLWithPath: target)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw fail("directory '\(dir)' does not exist")
        }
        let tmp = dir + "/" + temporaryName(for: url.lastPathComponent)
        let fd = tmp.withCString { registerTemporary($0); return open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666) }
        guard fd >= 0 else { let e = errno; unregisterTemporary(); throw fail(String(cString: strerror(e))) }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
            unregisterTemporary()
        }
        if exists {
            // Keep the replaced file's owner (where permitted) and mode; chown first, since it may
            // clear set-id bits.
            if st.st_uid != getuid() || st.st_gid != getgid() { _ = fchown(fd, st.st_uid, st.st_gid) }
            if fchmod(fd, st.st_mode & 0o7777) != 0 { let e = String(cString: strerror(errno)); close(fd); throw fail(e) }
        }
        switch content {
        case let .bytes(data):
            if let e = writeAll(fd, data) { close(fd); throw fail(e) }
        case let .producer(produce):
            do { try produce(tmp) } catch { close(fd); throw error }
        }
        pauseForTests()
        if fsync(fd) != 0 { let e = String(cString: strerror(errno)); close(fd); throw fail(e) }
        if close(fd) != 0 { throw fail(String(cString: strerror(errno))) }
        if rename(tmp, target) != 0 { throw fail(String(cString: strerror(errno))) }
        ok = true
    }

    /// Test hook: hold the temporary file (or directory) so that tests can interrupt a write.
    static func pauseForTests() {
        if let ms = ProcessInfo.processInfo.environment["DIMENSIONERING_TEST_WRITE_PAUSE_MS"].flatMap(Int.init), ms > 0 {
            usleep(UInt32(min(ms, 10_000)) * 1000)
        }
    }

    /// `.name.tmp-XXXXXXXX` when that fits in 255 bytes, else a short `.dim-XXXXXXXX.tmp`.
    static func temporaryName(for name: String) -> String {
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let long = "." + name + ".tmp-" + random
        return long.utf8.count <= 255 ? long : ".dim-" + random + ".tmp"
    }

    /// Follows symlinks (at most 40) to the path that is to be written; a dangling link's target
    /// is created.
    static func resolveSymlinks(_ path: String, fail: (String) -> DimensioneringError) throws -> String {
        var current = path
        for _ in 0..<40 {
            var lst = stat()
            guard lstat(current, &lst) == 0, (lst.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buf, buf.count - 1)
            guard n > 0 else { throw fail("cannot read the symbolic link (\(String(cString: strerror(errno))))") }
            let dest = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = dest.hasPrefix("/") ? dest
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(dest).path
        }
        throw fail("too many levels of symbolic links")
    }

    /// Writes to a device or FIFO in place (no temporary file, no rename).
    static func writeDirectly(_ data: Data, to target: String, isFIFO: Bool, append: Bool,
                              fail: (String) -> DimensioneringError) throws {
        var flags = O_WRONLY | O_CLOEXEC
        if append { flags |= O_APPEND }
        if isFIFO { flags |= O_NONBLOCK }
        let fd = open(target, flags)
        guard fd >= 0 else {
            if isFIFO && errno == ENXIO { throw fail("is a named pipe with no reader") }
            throw fail(String(cString: strerror(errno)))
        }
        if isFIFO { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        if let e = writeAll(fd, data) { close(fd); throw fail(e) }
        if close(fd) != 0 { throw fail(String(cString: strerror(errno))) }
    }

    static func writeAll(_ fd: Int32, _ data: Data) -> String? {
        data.withUnsafeBytes { buf -> String? in
            var offset = 0
            while offset < buf.count {
                let n = Glibc_write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
    }

    // MARK: Directories

    /// Replaces the directory `path` with one holding exactly `files`, whole or not at all: the
    /// files are written (and flushed) into a fresh sibling temporary directory, which is then
    /// swapped into place (Linux `renameat2(RENAME_EXCHANGE)`: one atomic step; elsewhere two
    /// renames, the old set put back if the second fails) and the old set removed. A failure or a
    /// signal leaves the old set as it was and no temporary directory behind.
    ///
    /// An existing directory is replaced only if it holds nothing but regular files named in
    /// `replaceable` (an earlier set), so a directory with anything else in it is never deleted;
    /// a directory holding one of `inputs` (same device and inode) is refused; a symlink to a
    /// directory has its target replaced.
    public static func replaceDirectory(_ path: String, with files: [(name: String, data: Data)],
                                        replaceable: Set<String>, inputs: [String]) throws {
        func fail(_ reason: String) -> DimensioneringError { .cannotCreateOutput(path: path, reason: reason) }
        for f in files where f.name.isEmpty || f.name.contains("/") || f.name.hasPrefix(".") {
            throw DimensioneringError.internalError("bad file name '\(f.name)' in a directory set")
        }
        let target = URL(fileURLWithPath: try resolveSymlinks(URL(fileURLWithPath: path).standardized.path, fail: fail)).standardized
        let parent = target.deletingLastPathComponent().path
        var st = stat()
        var oldNames: [String] = []
        let exists = lstat(target.path, &st) == 0
        if exists {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw fail("is not a directory") }
            var inputIDs: [(dev_t, ino_t, String)] = []
            for input in inputs {
                var ist = stat()
                if stat(input, &ist) == 0 { inputIDs.append((ist.st_dev, ist.st_ino, input)) }
            }
            if let i = inputIDs.first(where: { $0.0 == st.st_dev && $0.1 == st.st_ino }) {
                throw fail("it is the input '\(i.2)'")
            }
            let entries: [String]
            do { entries = try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() } catch {
                throw fail("cannot list the directory (\(error.localizedDescription))")
            }
            var kinds: [(String, stat)] = []
            for name in entries {
                var est = stat()
                guard lstat(target.appendingPathComponent(name).path, &est) == 0 else { throw fail("cannot read '\(name)' in it") }
                if let i = inputIDs.first(where: { $0.0 == est.st_dev && $0.1 == est.st_ino }) {
                    throw fail("it holds the input '\(i.2)'; replacing the directory would destroy the input, so choose another directory")
                }
                kinds.append((name, est))
            }
            for (name, est) in kinds {
                guard (est.st_mode & S_IFMT) == S_IFREG, replaceable.contains(name) else {
                    throw fail("it holds '\(name)', which this command did not write; the whole directory is replaced, so choose a new or empty directory")
                }
            }
            oldNames = entries
        } else {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw fail(error.localizedDescription)
            }
        }
        let tmp = parent + "/" + temporaryName(for: target.lastPathComponent)
        // Registered before anything exists: a signal removes whatever of it has been made.
        let names = Array(Set(files.map(\.name) + oldNames)).sorted()
        registerTemporaries(names.map { tmp + "/" + $0 } + [tmp])
        var done = false
        defer {
            if !done { removeTree(tmp, names: names) }
            unregisterTemporary()
        }
        guard mkdir(tmp, 0o777) == 0 else { throw fail(String(cString: strerror(errno))) }
        if exists { _ = chmod(tmp, st.st_mode & 0o7777) }
        for f in files {
            let fp = tmp + "/" + f.name
            let fd = open(fp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw fail("\(f.name): \(String(cString: strerror(errno)))") }
            if let e = writeAll(fd, f.data) { close(fd); throw fail("\(f.name): \(e)") }
            if fsync(fd) != 0 { let e = String(cString: strerror(errno)); close(fd); throw fail("\(f.name): \(e)") }
            if close(fd) != 0 { throw fail("\(f.name): \(String(cString: strerror(errno)))") }
        }
        pauseForTests()
        let dfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
        if !exists {
            guard rename(tmp, target.path) == 0 else { throw fail(String(cString: strerror(errno))) }
            done = true
            return
        }
        if exchange(tmp, target.path) {
            // `tmp` now holds the old set: the deferred cleanup removes it.
            return
        }
        // No atomic exchange: old aside, new in, old removed (put back if the new one cannot go in).
        let aside = parent + "/" + temporaryName(for: target.lastPathComponent)
        guard rename(target.path, aside) == 0 else { throw fail(String(cString: strerror(errno))) }
        guard rename(tmp, target.path) == 0 else {
            let e = String(cString: strerror(errno))
            _ = rename(aside, target.path)
            throw fail(e)
        }
        done = true
        removeTree(aside, names: oldNames)
    }

    /// Swaps two paths atomically (Linux renameat2 with RENAME_EXCHANGE, looked up at run time
    /// since glibc's header hides it); false where that is unavailable.
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let f = unsafeBitCast(sym, to: RenameAt2.self)
        let RENAME_EXCHANGE: UInt32 = 2
        return f(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0
        #else
        return false
        #endif
    }

    private static func removeTree(_ dir: String, names: [String]) {
        for n in names { unlink(dir + "/" + n) }
        rmdir(dir)
    }

    // MARK: Signals

    /// The temporary paths being written (C strings owned here; files first, a directory last),
    /// read by the signal handler, which only calls unlink and rmdir on them.
    nonisolated(unsafe) private static var pending = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 64)
    nonisolated(unsafe) private static var pendingCount = 0
    nonisolated(unsafe) private static var handlersInstalled = false

    private static func installHandlers() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // A signal the process ignores (e.g. SIGINT of a background job) stays ignored.
            let old = signal(sig, atomicFileSignalHandler)
            if let old, unsafeBitCast(old, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                signal(sig, SIG_IGN)
                continue
            }
            sigaddset(&set, sig)
        }
        // Past a file-size limit write(2) then fails with EFBIG, which is reported (exit 73) and
        // cleaned up; the default action would kill the process with the temporary file in place.
        signal(SIGXFSZ, SIG_IGN)
        // A parent may have blocked them (inherited mask); they must reach the handler.
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static func registerTemporary(_ path: UnsafePointer<CChar>) {
        registerTemporaries([String(cString: path)])
    }

    /// Serialises registering (tests write from several threads; the CLI from one). The signal
    /// handler never takes it.
    private static let registryLock = NSLock()

    private static func registerTemporaries(_ paths: [String]) {
        registryLock.lock(); defer { registryLock.unlock() }
        installHandlers()
        clearPending()
        let n = Swift.min(paths.count, 64)
        // The directory (last) must always be among them.
        let chosen = paths.count <= 64 ? paths : Array(paths.prefix(63)) + [paths.last!]
        for (i, p) in chosen.enumerated() { pending[i] = strdup(p) }
        pendingCount = n
    }

    private static func unregisterTemporary() {
        registryLock.lock(); defer { registryLock.unlock() }
        clearPending()
    }

    private static func clearPending() {
        let n = pendingCount
        pendingCount = 0
        for i in 0..<n { free(pending[i]); pending[i] = nil }
    }

    /// Called from the signal handler: removes the temporary files, then the temporary directory
    /// (async-signal-safe calls only).
    fileprivate static func removePendingTemporary() {
        let n = pendingCount
        for i in 0..<n { if let p = pending[i] { unlink(p) } }
        for i in 0..<n { if let p = pending[i] { rmdir(p) } }
    }
}

/// Removes the temporary file, then dies of the same signal (default action).
private func atomicFileSignalHandler(_ sig: Int32) {
    AtomicFile.removePendingTemporary()
    signal(sig, SIG_DFL)
    raise(sig)
}

@inline(__always)
private func Glibc_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
