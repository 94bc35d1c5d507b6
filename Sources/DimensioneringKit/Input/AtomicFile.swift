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
/// - SIGINT and SIGTERM during a write remove the temporary file before the process ends;
/// - the temporary name fits wherever the target's name fits (at most 255 bytes).
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        try write(data, to: path, inputs: [])
    }

    /// Writes `data` to `path`, refusing when `path` is the same file as one of `inputs`.
    public static func write(_ data: Data, to path: String, inputs: [String]) throws {
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
                    try writeDirectly(data, to: path, isFIFO: false, append: true, fail: fail)
                    return
                }
            default:
                try writeDirectly(data, to: path, isFIFO: (st.st_mode & S_IFMT) == S_IFIFO, append: false, fail: fail)
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
        if let e = writeAll(fd, data) { close(fd); throw fail(e) }
        // Test hook: hold the temporary file open so that tests can interrupt a write.
        if let ms = ProcessInfo.processInfo.environment["DIMENSIONERING_TEST_WRITE_PAUSE_MS"].flatMap(Int.init), ms > 0 {
            usleep(UInt32(min(ms, 10_000)) * 1000)
        }
        if fsync(fd) != 0 { let e = String(cString: strerror(errno)); close(fd); throw fail(e) }
        if close(fd) != 0 { throw fail(String(cString: strerror(errno))) }
        if rename(tmp, target) != 0 { throw fail(String(cString: strerror(errno))) }
        ok = true
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

    // MARK: Signals

    /// The temporary file being written (a C string owned here), read by the signal handler.
    nonisolated(unsafe) private static var pendingTemporary: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var handlersInstalled = false

    private static func registerTemporary(_ path: UnsafePointer<CChar>) {
        if !handlersInstalled {
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
            // A parent may have blocked them (inherited mask); they must reach the handler.
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
        }
        let copy = strdup(path)
        let old = pendingTemporary
        pendingTemporary = copy
        free(old)
    }

    private static func unregisterTemporary() {
        let old = pendingTemporary
        pendingTemporary = nil
        free(old)
    }

    /// Called from the signal handler: removes the temporary file (async-signal-safe calls only).
    fileprivate static func removePendingTemporary() {
        if let p = pendingTemporary { unlink(p) }
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
