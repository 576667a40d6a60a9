package org.knlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.knlab.errors.CheckpointException;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw data. Reading maps the file and converts
 * half-precision tensors to float32; every range and size is checked so a truncated or corrupt
 * file is a {@link CheckpointException}, never a crash.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    public static Map<String, HostTensor> read(Path file) {
        ByteBuffer all = map(file);
        JsonNode header = header(file, all);
        int start = 8 + (int) all.getLong(0);
        ByteBuffer data = all.slice(start, all.limit() - start);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("__metadata__")) {
                tensors.put(e.getKey(), readTensor(file, e.getKey(), e.getValue(), data));
            }
        }
        return tensors;
    }

    /** The bytes the file's tensors take as float32 (what loading them costs), from its header alone. */
    public static long float32Bytes(Path file) {
        long total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = header(file, map(file)).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("__metadata__")) {
                long[] shape = JSON.convertValue(e.getValue().path("shape"), long[].class);
                total += shape == null ? 0 : 4 * HostTensor.elementCount(shape); // a bad entry fails on read
            }
        }
        return total;
    }

    private static ByteBuffer map(Path file) {
        try {
            return TensorBundle.map(file).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode header(Path file, ByteBuffer all) {
        if (all.limit() < 8) {
            throw new CheckpointException(file + " is too short to be a safetensors file");
        }
        long headerLength = all.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > all.limit()) {
            throw new CheckpointException(file + " has an invalid header length " + headerLength + " (file is "
                    + all.limit() + " bytes; truncated or not safetensors)");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        all.get(8, headerBytes);
        try {
            JsonNode header = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
            if (header == null || !header.isObject()) {
                throw new CheckpointException(file + ": the safetensors header is not a JSON object");
            }
            return header;
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static HostTensor readTensor(Path file, String name, JsonNode info, ByteBuffer data) {
        String dtype = info.path("dtype").asText();
        JsonNode offsets = info.path("data_offsets");
        long[] shape = JSON.convertValue(info.path("shape"), long[].class);
        if (shape == null || offsets.size() != 2) {
            throw new CheckpointException(file + ": tensor " + name + " has a malformed header entry");
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default ->
                throw new CheckpointException(
                        file + ": tensor " + name + " has dtype " + dtype + "; only F32, F16 and BF16 are supported");
        };
        long expected = HostTensor.elementCount(shape) * width;
        if (begin < 0 || end < begin || end > data.limit() || end - begin != expected) {
            throw new CheckpointException(file + ": tensor " + name + " claims bytes [" + begin + ", " + end
                    + ") for " + expected + " bytes of data, but the data section is " + data.limit()
                    + " bytes (truncated or corrupt)");
        }
        ByteBuffer raw = data.slice((int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        return new HostTensor(shape, width == 4 ? raw : widen(raw, dtype.equals("BF16")));
    }

    /** float16 / bfloat16 → float32. */
    private static ByteBuffer widen(ByteBuffer half, boolean bfloat) {
        int n = half.remaining() / 2;
        ByteBuffer out = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            short bits = half.getShort(2 * i);
            out.putFloat(4 * i, bfloat ? Float.intBitsToFloat((bits & 0xffff) << 16) : Float16.toFloat(bits));
        }
        return out;
    }

    /**
     * Writes float32 tensors in name order, with optional string metadata in key order: the bytes
     * (and so the model's SHA-256 identity) must not depend on a map's iteration order, which for
     * {@code Map.of} changes from one JVM to the next.
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata)
            throws IOException {
        Map<String, HostTensor> sorted = new TreeMap<>(tensors);
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            header.set("__metadata__", JSON.valueToTree(new TreeMap<>(metadata)));
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : sorted.entrySet()) {
            long size = 4 * e.getValue().elementCount();
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", "F32");
            info.set("shape", JSON.valueToTree(e.getValue().shape()));
            info.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        StringBuilder headerText = new StringBuilder(JSON.writeValueAsString(header));
        while ((headerText.length() + 8) % 8 != 0) {
            headerText.append(' '); // the format pads the header so the data is 8-byte aligned
        }
        byte[] headerBytes = headerText.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer prefix = ByteBuffer.allocate(8 + headerBytes.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(headerBytes.length).put(headerBytes).flip();
            writeFully(ch, prefix);
            for (HostTensor t : sorted.values()) {
                writeFully(ch, t.bytes().duplicate());
            }
        }
        if (Files.size(file) != 8 + headerBytes.length + offset) {
            throw new IOException("short write to " + file);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            ch.write(bytes);
        }
    }
}
