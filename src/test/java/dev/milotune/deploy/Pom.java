package dev.milotune.deploy;

import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The project's pom.xml: version, properties and declared dependencies. */
record Pom(String version, Element properties, List<String> dependencies) {

    static Pom read() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(RepositoryFiles.path("pom.xml").toFile());
            Element project = document.getDocumentElement();
            List<String> dependencies = new ArrayList<>();
            Element declared = child(project, "dependencies");
            NodeList nodes = declared.getElementsByTagName("dependency");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element dependency = (Element) nodes.item(i);
                dependencies.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
            }
            return new Pom(text(project, "version"), child(project, "properties"), dependencies);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read pom.xml: " + e.getMessage(), e);
        }
    }

    String property(String name) {
        Element property = child(properties, name);
        return property.getTextContent().strip();
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        throw new IllegalStateException("pom.xml: <" + parent.getTagName() + "> has no <" + name + ">");
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().strip();
    }
}
