/* Test fixture: a USB glove on umockdev, answering libusb from inside the process.
 *
 * libusb talks to /dev/bus/usb/BBB/DDD with usbfs ioctls; umockdev hands each one to
 * handle_ioctl below (on its own thread). Control URBs (string descriptors) and bulk OUT
 * URBs complete at once; bulk IN URBs wait until the glove has bytes, asked for on every
 * reap, so the stream is paced by the glove, not by the test. The glove itself is at the
 * other end of a stream socket: bulk OUT bytes are written to it, bulk IN bytes read from it. */
#include "CUmockdevTestbed.h"

#include <errno.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <string.h>
#include <sys/socket.h>
#include <umockdev.h>

struct cumockdev_usb_glove {
    UMockdevIoctlBase *handler;
    char *strings[4];               /* string descriptors 1..3: manufacturer, product, serial */
    int stream;                     /* the glove's end of the byte stream */
    pthread_mutex_t lock;           /* not a GMutex: ThreadSanitizer sees a pthread mutex's ordering */
    GQueue ready;                   /* URBs (UMockdevIoctlData) completed, to be reaped */
    GQueue reading;                 /* bulk IN URBs waiting for bytes */
    int gone;                       /* unplugged: every URB fails with ENODEV */
    long submitted_in, reaped_in;
};

static void answer_control(cumockdev_usb_glove *g, struct usbdevfs_urb *urb) {
    unsigned char *setup = urb->buffer;
    unsigned char *data = setup + 8;
    int wanted = setup[6] | setup[7] << 8;
    int index = setup[2], type = setup[3];
    int length = 0;
    unsigned char reply[256];
    if (setup[0] == 0x80 && setup[1] == 6 && type == 3) {        /* GET_DESCRIPTOR, string */
        if (index == 0) {
            reply[0] = 4; reply[1] = 3; reply[2] = 0x09; reply[3] = 0x04;
            length = 4;
        } else if (index <= 3 && g->strings[index]) {
            const char *s = g->strings[index];
            int n = (int)strlen(s);
            if (n > 126) n = 126;
            reply[0] = (unsigned char)(2 + 2 * n); reply[1] = 3;
            for (int i = 0; i < n; i++) { reply[2 + 2 * i] = (unsigned char)s[i]; reply[3 + 2 * i] = 0; }
            length = 2 + 2 * n;
        }
    }
    if (length == 0) { urb->status = -EPIPE; urb->actual_length = 0; return; }
    if (length > wanted) length = wanted;
    memcpy(data, reply, (size_t)length);
    urb->status = 0;
    urb->actual_length = length;
}

/* Fills the oldest waiting bulk IN URB if the glove has bytes; moves it to `ready`. */
static void fill_reads(cumockdev_usb_glove *g) {
    UMockdevIoctlData *urb_data = g_queue_peek_head(&g->reading);
    if (!urb_data) return;
    struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urb_data->data;
    ssize_t n = recv(g->stream, urb->buffer, (size_t)urb->buffer_length, MSG_DONTWAIT);
    if (n <= 0) return;
    urb->actual_length = (int)n;
    urb->status = 0;
    g_queue_push_tail(&g->ready, g_queue_pop_head(&g->reading));
    g->reaped_in++;
}

static gboolean handle_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *client, cumockdev_usb_glove *g) {
    (void)handler;
    gulong request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
    pthread_mutex_lock(&g->lock);
    gboolean handled = TRUE;
    switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);
        *(guint32 *)d->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
        umockdev_ioctl_data_unref(d);
        umockdev_ioctl_client_complete(client, 0, 0);
        break;
    }
    case USBDEVFS_GETDRIVER:                                   /* no kernel driver bound */
        umockdev_ioctl_client_complete(client, -1, ENODATA);
        break;
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESETEP:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_SETCONFIGURATION:
        if (g->gone) umockdev_ioctl_client_complete(client, -1, ENODEV);
        else umockdev_ioctl_client_complete(client, 0, 0);
        break;
    case USBDEVFS_SUBMITURB: {
        if (g->gone) { umockdev_ioctl_client_complete(client, -1, ENODEV); break; }
        UMockdevIoctlData *urb_data = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
        struct usbdevfs_urb *urb = (struct usbdevfs_urb *)urb_data->data;
        /* Bring the transfer's buffer over (the client may be another process): from here
         * urb->buffer is the local copy, written back to the client when the URB is reaped. */
        if (urb->buffer_length > 0) {
            UMockdevIoctlData *buffer = umockdev_ioctl_data_resolve(urb_data, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
                                                                    (gsize)urb->buffer_length, NULL);
            if (buffer) umockdev_ioctl_data_unref(buffer);
        }
        if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
            answer_control(g, urb);
            g_queue_push_tail(&g->ready, urb_data);
        } else if (urb->type == USBDEVFS_URB_TYPE_BULK && !(urb->endpoint & 0x80)) {
            for (int sent = 0; sent < urb->buffer_length;) {
                ssize_t n = send(g->stream, (char *)urb->buffer + sent, (size_t)(urb->buffer_length - sent), MSG_NOSIGNAL);
                if (n <= 0) break;
                sent += (int)n;
            }
            urb->actual_length = urb->buffer_length;
            urb->status = 0;
            g_queue_push_tail(&g->ready, urb_data);
        } else if (urb->type == USBDEVFS_URB_TYPE_BULK) {
            g_queue_push_tail(&g->reading, urb_data);
            g->submitted_in++;
        } else {
            umockdev_ioctl_data_unref(urb_data);
            umockdev_ioctl_client_complete(client, -1, EINVAL);
            break;
        }
        umockdev_ioctl_client_complete(client, 0, 0);
        break;
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
        if (!g->gone) fill_reads(g);
        UMockdevIoctlData *urb_data = g_queue_pop_head(&g->ready);
        if (!urb_data && g->gone) urb_data = g_queue_pop_head(&g->reading);
        if (!urb_data) {
            umockdev_ioctl_client_complete(client, -1, g->gone ? ENODEV : EAGAIN);
            break;
        }
        if (g->gone) { ((struct usbdevfs_urb *)urb_data->data)->status = -ESHUTDOWN; }
        UMockdevIoctlData *pointer = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
        umockdev_ioctl_data_set_ptr(pointer, 0, urb_data);
        umockdev_ioctl_data_unref(pointer);
        umockdev_ioctl_data_unref(urb_data);
        umockdev_ioctl_client_complete(client, 0, 0);
        break;
    }
    case USBDEVFS_DISCARDURB: {
        gulong address = (gulong)*(void **)arg->data;
        GList *found = NULL;
        for (GList *l = g->reading.head; l; l = l->next)
            if (((UMockdevIoctlData *)l->data)->client_addr == address) { found = l; break; }
        if (found) {
            UMockdevIoctlData *urb_data = found->data;
            g_queue_delete_link(&g->reading, found);
            ((struct usbdevfs_urb *)urb_data->data)->status = -ENOENT;
            ((struct usbdevfs_urb *)urb_data->data)->actual_length = 0;
            g_queue_push_tail(&g->ready, urb_data);
            umockdev_ioctl_client_complete(client, 0, 0);
        } else {
            umockdev_ioctl_client_complete(client, -1, EINVAL);
        }
        break;
    }
    default:
        handled = FALSE;
    }
    pthread_mutex_unlock(&g->lock);
    return handled;
}

cumockdev_usb_glove *cumockdev_usb_glove_new(cumockdev_testbed *bed, const char *devnode, const char *manufacturer,
                                             const char *product, const char *serial, int stream) {
    cumockdev_usb_glove *g = g_new0(cumockdev_usb_glove, 1);
    g->strings[1] = g_strdup(manufacturer);
    g->strings[2] = g_strdup(product);
    g->strings[3] = g_strdup(serial);
    g->stream = stream;
    pthread_mutex_init(&g->lock, NULL);
    g_queue_init(&g->ready);
    g_queue_init(&g->reading);
    g->handler = umockdev_ioctl_base_new();
    g_signal_connect(g->handler, "handle-ioctl", G_CALLBACK(handle_ioctl), g);
    if (!umockdev_testbed_attach_ioctl(cumockdev_bed(bed), devnode, g->handler, NULL)) {
        cumockdev_usb_glove_free(g);
        return NULL;
    }
    return g;
}

void cumockdev_usb_glove_unplug(cumockdev_usb_glove *g) {
    pthread_mutex_lock(&g->lock);
    g->gone = 1;
    pthread_mutex_unlock(&g->lock);
}

long cumockdev_usb_glove_reads_completed(cumockdev_usb_glove *g) {
    pthread_mutex_lock(&g->lock);
    long n = g->reaped_in;
    pthread_mutex_unlock(&g->lock);
    return n;
}

int cumockdev_usb_glove_reads_waiting(cumockdev_usb_glove *g) {
    pthread_mutex_lock(&g->lock);
    int n = (int)g_queue_get_length(&g->reading);
    pthread_mutex_unlock(&g->lock);
    return n;
}

void cumockdev_usb_glove_free(cumockdev_usb_glove *g) {
    if (g->handler) {
        /* No new ioctl reaches this glove; wait out one being answered now. */
        g_signal_handlers_disconnect_by_data(g->handler, g);
        pthread_mutex_lock(&g->lock);
        pthread_mutex_unlock(&g->lock);
        g_object_unref(g->handler);
    }
    g_queue_clear_full(&g->ready, (GDestroyNotify)umockdev_ioctl_data_unref);
    g_queue_clear_full(&g->reading, (GDestroyNotify)umockdev_ioctl_data_unref);
    for (int i = 1; i <= 3; i++) g_free(g->strings[i]);
    pthread_mutex_destroy(&g->lock);
    g_free(g);
}
