package io.mcpfleet.manager.lifecycle;

/** The image of a service is not on the engine and cannot be pulled. */
public class ImageNotFoundException extends ContainerRuntimeException {

    private final String image;

    public ImageNotFoundException(String container, String image, Throwable cause) {
        super("create", container, "image " + image + " is not on the engine and could not be pulled", cause);
        this.image = image;
    }

    public String image() {
        return image;
    }
}
