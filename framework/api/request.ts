/** `pyramid-ts/request`, as `pyramid.request`. */
export { Request, type RequestInit, type ResponseCallback, type FinishedCallback } from '../request';
