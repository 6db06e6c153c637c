// Differential-test oracle for streamlint's properties parser.
//
// For each file named on the command line, loads it with java.util.Properties.load(InputStream)
// (ISO-8859-1, exactly as Kafka loads a .properties file) and prints, in plain ASCII:
//
//   FILE <path>
//   ERR <exception class> <message>          when load throws, or
//   KV <key code points>;<value code points>  once per entry, sorted by key
//   END
//
// Code points are lower-case hexadecimal, separated by ','; an empty key or value prints nothing
// between its delimiters. Printing code points makes the output unambiguous whatever the
// characters (newlines, NULs, separators, lone surrogates).
//
// Build and run: javac -d OUT PropertiesOracle.java && java -cp OUT PropertiesOracle FILE...

import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;

public final class PropertiesOracle {
    private PropertiesOracle() {
    }

    private static void appendCodePoints(StringBuilder out, String s) {
        boolean first = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!first) {
                out.append(',');
            }
            out.append(Integer.toHexString(cp));
            first = false;
            i += Character.charCount(cp);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    public static void main(String[] args) throws IOException {
        BufferedWriter out =
                new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII), 1 << 16);
        StringBuilder line = new StringBuilder();
        for (String path : args) {
            out.write("FILE " + path + "\n");
            Properties props = new Properties();
            try (InputStream in = new FileInputStream(path)) {
                props.load(in);
            } catch (Exception | Error e) {
                out.write("ERR " + e.getClass().getName() + " " + oneLine(e.getMessage()) + "\n");
                out.write("END\n");
                continue;
            }
            for (String key : new TreeSet<>(props.stringPropertyNames())) {
                line.setLength(0);
                line.append("KV ");
                appendCodePoints(line, key);
                line.append(';');
                appendCodePoints(line, props.getProperty(key));
                line.append('\n');
                out.write(line.toString());
            }
            out.write("END\n");
        }
        out.flush();
    }
}
