package dev.progress.view;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Parses SVG with the JDK's XML parser (strict: a well-formedness error throws) and finds elements in it. */
final class Xml {
  private Xml() {}

  static Document parse(String xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("not well-formed XML (" + e.getMessage() + "):\n" + xml, e);
    }
  }

  /** The elements named {@code name} whose class attribute contains {@code cssClass} (null: any), in order. */
  static List<Element> find(Document doc, String name, String cssClass) {
    NodeList nodes = doc.getElementsByTagNameNS("*", name);
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (cssClass == null || List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
        found.add(e);
      }
    }
    return found;
  }

  static Element only(Document doc, String name, String cssClass) {
    List<Element> found = find(doc, name, cssClass);
    if (found.size() != 1) {
      throw new AssertionError("expected one <" + name + " class=" + cssClass + ">, found " + found.size());
    }
    return found.get(0);
  }

  static double number(Element e, String attribute) {
    String value = e.getAttribute(attribute);
    if (value.isEmpty()) {
      throw new AssertionError("<" + e.getTagName() + "> has no " + attribute);
    }
    return Double.parseDouble(value);
  }

  /** The numbers of a space-separated attribute such as stroke-dasharray. */
  static double[] numbers(Element e, String attribute) {
    String[] parts = e.getAttribute(attribute).trim().split("[ ,]+");
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Double.parseDouble(parts[i]);
    }
    return values;
  }
}
