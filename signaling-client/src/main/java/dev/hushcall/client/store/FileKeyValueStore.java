package dev.hushcall.client.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One directory per account, one sub-directory per namespace, one file per key. Each write goes to a
 * temporary file in the same directory and is then renamed over the old one, so a crash never leaves a
 * torn key or session record. File names are base64url of the key, since keys hold user names.
 */
public final class FileKeyValueStore implements KeyValueStore {

    private static final Base64.Encoder NAME_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder NAME_DECODER = Base64.getUrlDecoder();
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path accountDirectory;

    private FileKeyValueStore(Path accountDirectory) {
        this.accountDirectory = accountDirectory;
    }

    /** Opens (creating if needed) the store of {@code account} under {@code root}. */
    public static FileKeyValueStore open(Path root, String account) {
        Path directory = root.resolve(encode(account));
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the account directory " + directory, e);
        }
        return new FileKeyValueStore(directory);
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        try {
            return Optional.of(Files.readAllBytes(file(namespace, key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void put(String namespace, String key, byte[] value) {
        Path target = file(namespace, key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), "w-", TEMP_SUFFIX);
            Files.write(temp, value);
            move(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void delete(String namespace, String key) {
        try {
            Files.deleteIfExists(file(namespace, key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> keys(String namespace) {
        Path directory = accountDirectory.resolve(encode(namespace));
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.endsWith(TEMP_SUFFIX))
                    .map(FileKeyValueStore::decode)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String namespace, String key) {
        return accountDirectory.resolve(encode(namespace)).resolve(encode(key));
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some Android and network file systems lack atomic rename; a plain replace is the best left.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String encode(String name) {
        return NAME_ENCODER.encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String fileName) {
        return new String(NAME_DECODER.decode(fileName), StandardCharsets.UTF_8);
    }
}
