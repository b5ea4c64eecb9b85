// A real Neo4j 5 Community server for lcii-graph's tests: embedded, with its Bolt
// connector on 127.0.0.1, authentication on and the password given at start.
//
//   java -Xmx1g -cp "$(cat tools/neo4j/classpath.txt)" tools/neo4j/Neo4jLauncher.java \
//        --data DIR [--port N] [--password-env VAR] [--pagecache 256m] [--tx-memory 1g]
//
// Prints "ready bolt://127.0.0.1:PORT" on stdout once the server accepts connections,
// then runs until SIGTERM (or SIGINT), when it shuts the databases down cleanly and
// prints "stopped". The password is read from an environment variable (default
// NEO4J_PASSWORD), never from the command line, so it does not show in `ps`.

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

public class Neo4jLauncher {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path data = Path.of(required(options, "data")).toAbsolutePath();
        Files.createDirectories(data);
        String passwordVariable = options.getOrDefault("password-env", "NEO4J_PASSWORD");
        String password = System.getenv(passwordVariable);
        if (password == null || password.length() < 8) {
            fail("set " + passwordVariable + " to the password to give the neo4j user "
                 + "(8 characters or more)");
        }
        int port = options.containsKey("port") ? Integer.parseInt(options.get("port")) : freePort();

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(data)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(HttpsConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(GraphDatabaseSettings.pagecache_memory,
                       bytes(options.getOrDefault("pagecache", "256m")));
        if (options.containsKey("tx-memory")) {
            // All transactions together; the server's default is 70% of the heap.
            builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
                              bytes(options.get("tx-memory")));
        }
        DatabaseManagementService dbms = builder.build();

        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            System.out.println("stopped");
            System.out.flush();
            stop.countDown();
        }));

        // The initial password, set on the system database; the embedded API runs with
        // full rights, so no login is needed for this one statement.
        try {
            dbms.database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));
        } catch (RuntimeException e) {
            // A restart on the same data: the password is already this one.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                System.err.println("Neo4jLauncher: could not set the password: " + e.getMessage());
                System.exit(1);  // the shutdown hook stops the databases
            }
        }

        waitForBolt(port, Duration.ofSeconds(60));
        System.out.println("ready bolt://127.0.0.1:" + port);
        System.out.flush();
        stop.await();
    }

    private static long bytes(String text) {
        String t = text.trim().toLowerCase();
        long unit = 1;
        if (t.endsWith("k")) { unit = ByteUnit.kibiBytes(1); t = t.substring(0, t.length() - 1); }
        else if (t.endsWith("m")) { unit = ByteUnit.mebiBytes(1); t = t.substring(0, t.length() - 1); }
        else if (t.endsWith("g")) { unit = ByteUnit.gibiBytes(1); t = t.substring(0, t.length() - 1); }
        return Long.parseLong(t) * unit;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void waitForBolt(int port, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("Bolt did not open on port " + port + " within " + limit.toSeconds() + " s");
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                fail("usage: Neo4jLauncher --data DIR [--port N] [--password-env VAR] "
                     + "[--pagecache SIZE] [--tx-memory SIZE]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            fail("--" + name + " is required");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("Neo4jLauncher: " + message);
        System.exit(2);
    }
}
