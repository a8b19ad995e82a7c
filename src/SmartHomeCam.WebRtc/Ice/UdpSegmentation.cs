using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SmartHomeCam.WebRtc.Ice;

/// <summary>
/// Linux UDP segmentation offload (UDP_SEGMENT, Linux 4.18+): one <c>sendmsg</c> carries a run of equal-sized
/// datagrams and a control message with their size, and the kernel (or the NIC) cuts it into datagrams. One route
/// lookup, one trip down the stack and one system call per run instead of per datagram. .NET has no API for the
/// control message, hence the P/Invoke; any error that says the kernel or device cannot segment turns it off.
/// </summary>
internal static class UdpSegmentation
{
    private const int SolUdp = 17;
    private const int UdpSegment = 103;
    private const int EAgain = 11;
    private const int ENoBufs = 105;

    /// <summary>64-bit Linux only: the message header layout below is that ABI's.</summary>
    public static bool Possible { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    public enum Result
    {
        Sent,

        /// <summary>The socket's buffer is full right now: send the datagrams one by one (those calls wait).</summary>
        Busy,

        /// <summary>The kernel or the device cannot segment: never try again on this socket.</summary>
        Unsupported,

        /// <summary>Another error (e.g. ICMP unreachable reported late): the datagrams are dropped, as a single send would.</summary>
        Failed,
    }

    /// <summary>Sends <see cref="PacketBatch.Pending"/> to <paramref name="to"/> as datagrams of <see cref="PacketBatch.SegmentSize"/> bytes.</summary>
    public static Result Send(SafeHandle socket, PacketBatch batch, SocketAddress to, out int error)
    {
        // Laid out in the batch's pinned scratch: iovec at 0, cmsghdr + u16 at 16 (CMSG_SPACE(2) = 24), sockaddr at 48.
        var scratch = batch.Scratch;
        scratch.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(scratch, batch.PendingAddress);
        BinaryPrimitives.WriteInt64LittleEndian(scratch[8..], batch.Pending.Length);
        BinaryPrimitives.WriteInt64LittleEndian(scratch[16..], 16 + 2); // CMSG_LEN(2)
        BinaryPrimitives.WriteInt32LittleEndian(scratch[24..], SolUdp);
        BinaryPrimitives.WriteInt32LittleEndian(scratch[28..], UdpSegment);
        BinaryPrimitives.WriteUInt16LittleEndian(scratch[32..], (ushort)batch.SegmentSize);
        to.Buffer.Span[..to.Size].CopyTo(scratch[48..]);
        var message = new MessageHeader
        {
            Name = batch.Address(48),
            NameLength = (uint)to.Size,
            Iov = batch.Address(0),
            IovLength = 1,
            Control = batch.Address(16),
            ControlLength = 24,
        };

        var added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            if (SendMessage(socket.DangerousGetHandle(), ref message, 0) >= 0)
            {
                error = 0;
                return Result.Sent;
            }

            error = Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }

        return error switch
        {
            EAgain or ENoBufs => Result.Busy,
            // EINVAL, EIO (no checksum offload), ENOPROTOOPT, EOPNOTSUPP, EMSGSIZE: this kernel or device cannot.
            22 or 5 or 92 or 95 or 90 => Result.Unsupported,
            _ => Result.Failed,
        };
    }

    [DllImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint SendMessage(nint socket, ref MessageHeader message, int flags);

    /// <summary>struct msghdr on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public nint Name;
        public uint NameLength;
        public nint Iov;
        public nuint IovLength;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }
}
